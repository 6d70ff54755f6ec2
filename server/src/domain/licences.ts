/** Model licences as a person choosing a model needs to see them: what the licence is, and what it forbids. */
export interface Licence {
  name: string;
  url: string;
  /** Set where commercial use is restricted; shown before the first use of the model. */
  warning: string | null;
}

export const licences = {
  fluxDev: {
    name: 'FLUX.1 [dev] Non-Commercial License',
    url: 'https://huggingface.co/black-forest-labs/FLUX.1-dev/blob/main/LICENSE.md',
    warning:
      'FLUX.1 [dev] weights are licensed for non-commercial use only. Images for commercial work need a commercial ' +
      'licence from Black Forest Labs or a hosted provider whose terms grant commercial use.',
  },
  fluxSchnell: {
    name: 'Apache-2.0',
    url: 'https://huggingface.co/black-forest-labs/FLUX.1-schnell',
    warning: null,
  },
  sd35: {
    name: 'Stability AI Community License',
    url: 'https://stability.ai/community-license-agreement',
    warning:
      'Stable Diffusion 3.5 is free for commercial use only for organisations with less than USD 1M annual revenue; ' +
      'above that an enterprise licence from Stability AI is required.',
  },
  sdxl: {
    name: 'CreativeML Open RAIL++-M License',
    url: 'https://huggingface.co/stabilityai/stable-diffusion-xl-base-1.0/blob/main/LICENSE.md',
    warning: null,
  },
  hidream: {
    name: 'MIT',
    url: 'https://huggingface.co/HiDream-ai/HiDream-I1-Full',
    warning: null,
  },
  openai: {
    name: 'OpenAI Terms of Use',
    url: 'https://openai.com/policies/terms-of-use',
    warning: null,
  },
  google: {
    name: 'Google Generative AI Terms',
    url: 'https://ai.google.dev/gemini-api/terms',
    warning: null,
  },
  blackForestLabsApi: {
    name: 'Black Forest Labs API Terms',
    url: 'https://blackforestlabs.ai/terms-of-service',
    warning: null,
  },
  /** The demo's pictures are drawn by Brandgen; their subjects are Tabler icons, whose MIT licence allows any use. */
  demo: {
    name: 'Brandgen offline drawing (not AI), with Tabler Icons (MIT License)',
    url: 'https://github.com/tabler/tabler-icons/blob/main/LICENSE',
    warning: null,
  },
} satisfies Record<string, Licence>;
