import { benchCommandLine } from './command-line.ts';
await benchCommandLine((n, v, t, m) => console.log(n, v, t, m));
