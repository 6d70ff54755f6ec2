import type { BrandgenClient } from '@brandgen/client';
import { Command } from 'commander';
import { usageFailure } from '../cli-failure.ts';
import type { CommandContext } from '../command-context.ts';
import { columns } from '../output.ts';

/**
 * The id of the brand a person named by id or by name (names are unique, compared without case), so scripts can say
 * `--brand "Harbour Coffee"`.
 */
export async function brandIdOf(client: BrandgenClient, idOrName: string): Promise<string> {
  const brands = (await client.api.GET('/api/brands')).data!.brands;
  const wanted = idOrName.trim().toLowerCase();
  const found = brands.find((brand) => brand.id === idOrName) ?? brands.find((brand) => brand.name.trim().toLowerCase() === wanted);
  if (!found) {
    throw usageFailure(
      `There is no brand called "${idOrName}". brandgen brands lists them: ${brands.map((brand) => brand.name).join(', ')}.`,
    );
  }
  return found.id;
}

export function brandCommands(context: CommandContext): Command[] {
  const brands = new Command('brands')
    .description('The brands on the server, the default first')
    .addHelpText('after', '\nExample:\n  brandgen brands\n  brandgen generate "a paper plane" --brand "Harbour Coffee"')
    .action(async () => {
      const output = context.output();
      const connection = await context.connect();
      const list = (await connection.call((client) => client.api.GET('/api/brands'))).data!.brands;
      output.result({ brands: list });
      const rows = list.map((brand) => [
        brand.id,
        brand.is_default ? 'yes' : '',
        String(brand.version),
        String(brand.kit.palette.length),
        brand.name,
      ]);
      for (const line of columns([['BRAND', 'DEFAULT', 'VERSION', 'COLOURS', 'NAME'], ...rows])) output.line(line);
    });
  return [brands];
}
