import assert from 'node:assert/strict';
import { test } from 'node:test';
import { problemMessage } from './orchestration-caller.ts';
import { endedWithoutImages, imageLinks, isTerminal, progressOf, type Workflow } from './workflow-state.ts';

test('only succeeded, failed, expired and canceled end a workflow', () => {
  for (const status of ['unassigned', 'preparing', 'scheduled', 'processing']) assert.equal(isTerminal({ status }), false);
  for (const status of ['succeeded', 'failed', 'expired', 'canceled']) assert.equal(isTerminal({ status }), true);
});

test('image links come from the steps’ output images (or blobs); progress from the step estimate', () => {
  const workflow: Workflow = {
    status: 'succeeded',
    steps: [
      {
        estimatedProgressRate: 0.4,
        output: {
          images: [
            { id: 'b1', url: 'https://blobs.example/b1.jpeg' },
            { id: 'b2', url: null },
          ],
        },
      },
    ],
  };
  assert.deepEqual(imageLinks(workflow), ['https://blobs.example/b1.jpeg']);
  assert.deepEqual(imageLinks({ steps: [{ output: { blobs: [{ url: 'https://blobs.example/b3' }] } }] }), ['https://blobs.example/b3']);
  assert.equal(progressOf(workflow), 0.4);
  assert.equal(progressOf({ steps: [{ estimatedProgressRate: null }] }), undefined);
});

test('a workflow that ended without images says why, with the job reasons', () => {
  const withReason = (status: string, reason: string, blockedReason: string | null = null): Workflow => ({
    status,
    steps: [{ status, jobs: [{ status, reason, blockedReason }] }],
  });
  assert.match(endedWithoutImages(withReason('expired', 'timeout')), /civitai let the image expire .*\(timeout\)\. Try again/);
  assert.match(
    endedWithoutImages(withReason('failed', 'blocked', 'minor')),
    /content moderation blocked the image \(blocked; minor\)\. Change the prompt/,
  );
  assert.match(endedWithoutImages(withReason('failed', 'no_provider_available')), /could not make the image \(no_provider_available\)/);
  assert.match(endedWithoutImages({ status: 'canceled' }), /cancelled the image/);
  assert.match(endedWithoutImages({ status: 'succeeded', steps: [] }), /without an image/);
});

test('a problem document reads as its title, detail and field messages', () => {
  const body = JSON.stringify({
    title: 'One or more validation errors occurred.',
    status: 400,
    errors: { 'steps[0].input.width': ['Width must be between 832 and 1216.'] },
  });
  assert.equal(problemMessage(body), 'One or more validation errors occurred. steps[0].input.width: Width must be between 832 and 1216.');
  assert.equal(problemMessage('<html>'), undefined);
});
