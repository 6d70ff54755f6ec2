import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { BrandBrief } from './brand-brief.ts';
import { expandBriefByTemplate } from './brief-template.ts';

const brief: BrandBrief = {
  brandName: 'Tidewater',
  industry: 'coffee roaster',
  audience: 'commuters',
  tone: ['calm'],
  styleWords: ['flat', 'nautical'],
  colours: ['navy', 'sand'],
  dos: ['use waves'],
  donts: ['cups', 'text clutter'],
};

test('the template expansion gives N distinct prompts carrying the brief', () => {
  const prompts = expandBriefByTemplate(brief, 5);
  assert.equal(prompts.length, 5);
  assert.equal(new Set(prompts).size, 5);
  for (const prompt of prompts) {
    assert.match(prompt, /Tidewater/);
    assert.match(prompt, /calm tone, flat, nautical, colours navy, sand, use waves, without cups, without text clutter$/);
  }
  assert.deepEqual(expandBriefByTemplate(brief, 5), prompts, 'deterministic');
});

test('a don\'t that is already a negation is kept as written, never "without no"', () => {
  const [prompt] = expandBriefByTemplate({ ...brief, donts: ['no people', 'Never gradients', 'clip art'] }, 1);
  assert.match(prompt!, /, no people, Never gradients, without clip art$/);
  assert.doesNotMatch(prompt!, /without no/i);
});

test('the industry reads as a noun phrase in lower case with the right article, without "brand" twice', () => {
  const [logo, , , banner] = expandBriefByTemplate({ ...brief, industry: 'Specialty coffee roaster brand' }, 4);
  assert.match(logo!, /^a minimal logo mark for Tidewater, a specialty coffee roaster, calm tone/);
  assert.match(banner!, /^a website hero banner for Tidewater, a specialty coffee roaster, /);
  const [organic] = expandBriefByTemplate({ ...brief, industry: 'Organic grocer' }, 1);
  assert.match(organic!, /^a minimal logo mark for Tidewater, an organic grocer, /);
  const [acronym] = expandBriefByTemplate({ ...brief, industry: 'SaaS analytics' }, 1);
  assert.match(acronym!, /, a SaaS analytics, /);
});

test('an empty industry or audience leaves its clause out instead of a dangling "a  brand" or "for "', () => {
  const prompts = expandBriefByTemplate(
    { ...brief, industry: '', audience: '', tone: [], styleWords: [], colours: [], dos: [], donts: [] },
    3,
  );
  assert.deepEqual(prompts, [
    'a minimal logo mark for Tidewater',
    'a wordmark reading "Tidewater"',
    'a social media post announcing Tidewater',
  ]);
});
