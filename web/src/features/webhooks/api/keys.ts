/** Cache keys of the webhooks feature: every delivery list lives under its endpoint's list. */
export const webhooksKey = ['webhooks'] as const;
export const deliveriesKey = (endpointId: string) => ['webhooks', endpointId, 'deliveries'] as const;
