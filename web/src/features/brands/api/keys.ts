/**
 * Cache keys of the brands feature. Every key starts with `brands`, so a change to any brand refreshes the lists, the
 * Generate page's brand select and the version histories at once.
 */
export const brandsKey = ['brands'] as const;
export const allBrandsKey = ['brands', 'with-archived'] as const;
export const brandVersionsKey = (brandId: string) => ['brands', 'versions', brandId] as const;
export const brandLorasKey = (brandId: string) => ['brands', 'loras', brandId] as const;
