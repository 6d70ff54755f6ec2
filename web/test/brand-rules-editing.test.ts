/**
 * The brand's dos and don'ts in the editor: the draft's checks agree with the server's, the version diff lists rules
 * added and removed, and in a real browser a rule is added, named wrong beside its field, saved as a new version and
 * compared with the one before. BRANDGEN_BRANDS_SCREENSHOTS=/some/folder keeps screenshots at 1440×900 and 1024×768.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { BrandKit } from '@brandgen/client';
import type { Page } from 'playwright-core';
import { brandKitSchema } from '../../server/src/domain/brand-kit.ts';
import { checkBrandKit } from '../../server/src/domain/brand.ts';
import type { TestBrandgen } from '../../server/test/support/test-brandgen.ts';
import { kitChanges } from '../src/features/brands/kit-diff.ts';
import { draftOf, draftProblems, kitOf } from '../src/features/brands/kit-draft.ts';
import { seriousAccessibilityViolations } from './support/accessibility.ts';
import { browserSkipReason, startBrowserApp, type BrowserApp } from './support/browser-app.ts';
import { screenshot } from './support/screenshots.ts';

const shippedKit: BrandKit = brandKitSchema.parse(
  JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../../server/brand/brand.json'), 'utf8')),
);

describe("dos and don'ts in the kit draft", () => {
  it('come back unchanged, trimmed when saved', () => {
    assert.ok(shippedKit.dos.length > 0 && shippedKit.donts.length > 0, 'the shipped kit has rules');
    assert.deepEqual(kitOf(draftOf(shippedKit)), shippedKit);
    const draft = draftOf(shippedKit);
    draft.dos.push('  Keep the subject centred  ');
    assert.equal(kitOf(draft).dos.at(-1), 'Keep the subject centred');
  });

  it('name an empty or over-long rule at the field the server names it by', () => {
    const draft = draftOf(shippedKit);
    draft.dos[1] = '   ';
    draft.donts.push('x'.repeat(201));
    const problems = draftProblems(draft);
    assert.deepEqual(
      problems.map((problem) => problem.field),
      ['dos.1', 'donts.3'],
    );
    assert.equal(problems[0]!.message, 'Do 2 is empty: write the rule, or remove the row.');
    assert.equal(problems[1]!.message, 'Don’t 4 is 201 characters; keep it to 200 (one short sentence).');
    const checked = checkBrandKit(kitOf(draft));
    assert.deepEqual('problems' in checked ? checked.problems.map((problem) => problem.field) : [], ['dos.1', 'donts.3']);
  });

  it('refuse a twenty-first rule, as the server does', () => {
    const draft = draftOf(shippedKit);
    draft.donts = Array.from({ length: 21 }, (_, index) => `Rule ${index + 1}`);
    assert.deepEqual(
      draftProblems(draft).map((problem) => problem.field),
      ['donts'],
    );
    const checked = checkBrandKit(kitOf(draft));
    assert.deepEqual('problems' in checked ? checked.problems.map((problem) => problem.field) : [], ['donts']);
  });

  it('show in the version diff as rules removed and added, an unchanged list as nothing', () => {
    const after = { ...shippedKit, dos: [shippedKit.dos[0]!, 'Keep the subject centred'], donts: shippedKit.donts };
    assert.deepEqual(kitChanges(shippedKit, after), [
      { kind: 'text', field: 'Do', before: shippedKit.dos[1], after: '(none)' },
      { kind: 'text', field: 'Do', before: shippedKit.dos[2], after: '(none)' },
      { kind: 'text', field: 'Do', before: '(none)', after: 'Keep the subject centred' },
    ]);
    assert.deepEqual(kitChanges(shippedKit, { ...shippedKit, donts: [...shippedKit.donts] }), []);
    const twice = { ...shippedKit, donts: [...shippedKit.donts, shippedKit.donts[0]!] };
    assert.deepEqual(kitChanges(shippedKit, twice), [{ kind: 'text', field: 'Don’t', before: '(none)', after: shippedKit.donts[0] }]);
  });
});

describe("Dos and don'ts in the brand editor, in a browser", { skip: browserSkipReason() }, () => {
  let browserApp: BrowserApp | undefined;
  let app: TestBrandgen;
  let page: Page;
  let pageErrors: string[] = [];

  before(async () => {
    browserApp = await startBrowserApp();
    ({ app, page, pageErrors } = browserApp);
  });
  after(async () => browserApp?.close());

  it('adds a rule, names an empty one beside its field, removes one, saves a version whose diff lists the rules', async () => {
    await page.goto(`${app.baseUrl}/brands`);
    const rules = page.getByRole('region', { name: 'Dos and don’ts' });
    await rules.waitFor();
    const dos = rules.getByRole('group', { name: 'Dos' });
    const donts = rules.getByRole('group', { name: 'Don’ts' });
    assert.equal(await dos.getByRole('textbox', { name: 'Do 1' }).inputValue(), shippedKit.dos[0]);

    await dos.getByRole('button', { name: 'Add a do' }).click();
    const added = dos.getByRole('textbox', { name: 'Do 4' });
    await added.focus();
    await added.press('Tab');
    const empty = dos.getByText('Do 4 is empty: write the rule, or remove the row.');
    await empty.waitFor();
    assert.equal(await added.getAttribute('aria-invalid'), 'true');
    await added.fill('Keep the subject centred');
    await empty.waitFor({ state: 'detached' });
    await donts.getByRole('button', { name: 'Remove don’t 3' }).click();
    assert.equal(await donts.getByRole('textbox').count(), 2);
    await rules.scrollIntoViewIfNeeded();
    await screenshot(page, 'brand-rules-editing', false);

    await page.getByRole('button', { name: 'Save as version 2' }).click();
    await page.getByText('Version 2 is saved.').waitFor();
    const brand = (await (await fetch(`${app.baseUrl}/api/brands`)).json()) as { brands: Array<{ kit: BrandKit }> };
    assert.deepEqual(brand.brands[0]!.kit.dos, [...shippedKit.dos, 'Keep the subject centred']);
    assert.deepEqual(brand.brands[0]!.kit.donts, shippedKit.donts.slice(0, 2));

    const history = page.getByRole('region', { name: 'Version history' });
    await history.getByRole('button', { name: 'Compare version 1' }).click();
    const diff = history.getByRole('table', { name: 'Version 1 compared with the current kit' });
    assert.match(await diff.getByRole('row', { name: /^Do / }).innerText(), /Do\s+\(none\)\s+Keep the subject centred/);
    assert.match(await diff.getByRole('row', { name: /^Don’t / }).innerText(), new RegExp(`Don’t\\s+${shippedKit.donts[2]}\\s+\\(none\\)`));
    assert.deepEqual(await seriousAccessibilityViolations(page), []);
    assert.deepEqual(pageErrors, []);
  });
});
