import assert from 'node:assert/strict';
import { test } from 'node:test';
import { expandBriefByTemplate, type BrandBrief } from './brand-brief.ts';

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
