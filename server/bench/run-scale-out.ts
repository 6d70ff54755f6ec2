// `npm run bench:scale-out`: only the PostgreSQL + Redis figures of `npm run bench`, for working on them.
import { benchScaleOut } from './scale-out.ts';

await benchScaleOut((name, value, target, met) => console.log(`${met ? 'meets ' : 'MISSES'}  ${name}: ${value} (target ${target})`));
