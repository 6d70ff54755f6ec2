import flux1Dev from './workflows/flux1-dev.json' with { type: 'json' };
import flux1Schnell from './workflows/flux1-schnell.json' with { type: 'json' };
import hidreamDev from './workflows/hidream-i1-dev.json' with { type: 'json' };
import hidreamFast from './workflows/hidream-i1-fast.json' with { type: 'json' };
import hidreamFull from './workflows/hidream-i1-full.json' with { type: 'json' };
import sd35Large from './workflows/sd3.5-large.json' with { type: 'json' };
import { workflowTemplateSchema, type WorkflowTemplate } from './workflow-template.ts';

/** The workflows that ship with Brandgen, checked against the template schema at start. */
export const bundledWorkflows: WorkflowTemplate[] = [hidreamFull, hidreamDev, hidreamFast, flux1Dev, flux1Schnell, sd35Large].map((raw) =>
  workflowTemplateSchema.parse(raw),
);
