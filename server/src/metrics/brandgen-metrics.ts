import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export interface MetricsSources {
  /** Jobs per status, from the database (the record, so every replica reports the same numbers). */
  jobsByStatus: () => Promise<Record<string, number>>;
  /** Jobs waiting, delayed for a retry and running in the queue; rejects when the queue cannot be asked (Redis away). */
  queueDepth: () => Promise<{ waiting: number; delayed: number; active: number }>;
  /** Ids of the models this process's catalog offers now (it follows provider settings changes). */
  availableModels: () => readonly string[];
}

const JOB_STATUSES = ['queued', 'processing', 'complete', 'failed'];

/** The Prometheus metrics one process exposes at /metrics. */
export class BrandgenMetrics {
  readonly registry = new Registry();
  private readonly modelLatency: Histogram<'model' | 'outcome'>;
  private readonly providerErrors: Counter<'model'>;

  constructor(options: { sources: MetricsSources; role: string }) {
    const { sources } = options;
    this.registry.setDefaultLabels({ role: options.role });
    collectDefaultMetrics({ register: this.registry, prefix: 'brandgen_' });
    new Gauge({
      name: 'brandgen_jobs',
      help: 'Jobs by status, as recorded in the database',
      labelNames: ['status'],
      registers: [this.registry],
      async collect() {
        const counts = await sources.jobsByStatus();
        for (const status of new Set([...JOB_STATUSES, ...Object.keys(counts)])) this.set({ status }, counts[status] ?? 0);
      },
    });
    new Gauge({
      name: 'brandgen_queue_depth',
      help: 'Jobs in the queue by state: waiting, delayed (a retry is due later) and active',
      labelNames: ['state'],
      registers: [this.registry],
      async collect() {
        let depth;
        try {
          depth = await sources.queueDepth();
        } catch {
          // Without Redis the depth is unknown: the series are left out rather than failing the whole scrape.
          this.reset();
          return;
        }
        for (const [state, count] of Object.entries(depth)) this.set({ state }, count);
      },
    });
    new Gauge({
      name: 'brandgen_model_available',
      help: '1 for each model this process can run now; every process of an installation should list the same models',
      labelNames: ['model'],
      registers: [this.registry],
      collect() {
        this.reset();
        for (const model of sources.availableModels()) this.set({ model }, 1);
      },
    });
    this.modelLatency = new Histogram({
      name: 'brandgen_generation_seconds',
      help: 'Time one image generation call to a model took, by model and outcome',
      labelNames: ['model', 'outcome'],
      buckets: [0.1, 0.25, 0.5, 1, 2, 4, 8, 15, 30, 60, 120],
      registers: [this.registry],
    });
    this.providerErrors = new Counter({
      name: 'brandgen_provider_errors_total',
      help: 'Image generation calls that failed, by model (each retry counts)',
      labelNames: ['model'],
      registers: [this.registry],
    });
  }

  recordModelCall = (model: string, outcome: 'ok' | 'error', seconds: number): void => {
    this.modelLatency.observe({ model, outcome }, seconds);
    if (outcome === 'error') this.providerErrors.inc({ model });
  };

  async text(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
