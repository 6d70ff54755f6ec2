/** Cache keys of the templates feature: every template change refreshes the Templates page and the Batch page's choice. */
export const templatesKey = ['templates'] as const;
