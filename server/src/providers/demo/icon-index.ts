import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';

/**
 * The Tabler icon set (MIT, `@tabler/icons`), read on first use only: the names and tags of about 5,500 icons for
 * matching, and each drawn icon's own small SVG file when it is needed. Nothing is loaded at start-up, so a server that
 * never runs the demo model pays nothing, and the 2.3 MB file of every icon's paths is never parsed.
 */
export interface IconEntry {
  name: string;
  /** The name split at hyphens: "building-lighthouse" → building, lighthouse. */
  nameWords: readonly string[];
  /** Lower-case tags as written, some of them hyphenated phrases ("paper-plane"). */
  tags: readonly string[];
  /** Every word of every tag. */
  tagWords: readonly string[];
}

export interface IconIndex {
  icons: readonly IconEntry[];
}

const metadataPath = createRequire(import.meta.url).resolve('@tabler/icons/icons.json');
const outlineFolder = path.join(path.dirname(metadataPath), 'icons', 'outline');
/** The icons of a few hundred distinct descriptions: enough for a busy demo, small next to one decoded image. */
const cachedGlyphs = 256;

let loading: Promise<IconIndex> | undefined;
const glyphs = new Map<string, Promise<string>>();

export function iconIndex(): Promise<IconIndex> {
  if (loading === undefined) {
    loading = readFile(metadataPath, 'utf8').then((text) => buildIndex(JSON.parse(text) as Record<string, unknown>));
    // A failed read is not kept, so a later call tries again.
    loading.catch(() => (loading = undefined));
  }
  return loading;
}

function buildIndex(metadata: Record<string, unknown>): IconIndex {
  const icons: IconEntry[] = [];
  for (const [name, value] of Object.entries(metadata)) {
    const rawTags = (value as { tags?: unknown }).tags;
    // A few tags are numbers (360) rather than strings; anything else carries no words.
    const tags = Array.isArray(rawTags)
      ? rawTags.filter((tag) => typeof tag === 'string' || typeof tag === 'number').map((tag) => String(tag).toLowerCase())
      : [];
    icons.push({ name, nameWords: name.split('-'), tags, tagWords: tags.flatMap((tag) => tag.split('-')) });
  }
  return { icons };
}

/**
 * The drawing elements of one outline icon (24×24 grid, stroked with currentColor), without its invisible bounding
 * box. Only names from the index reach this, so the file name is never user text.
 */
export function iconGlyph(name: string): Promise<string> {
  let glyph = glyphs.get(name);
  if (glyph === undefined) {
    glyph = readFile(path.join(outlineFolder, `${name}.svg`), 'utf8').then(drawingElements);
    glyph.catch(() => glyphs.delete(name));
    if (glyphs.size >= cachedGlyphs) glyphs.delete(glyphs.keys().next().value as string);
    glyphs.set(name, glyph);
  }
  return glyph;
}

function drawingElements(svg: string): string {
  const elements = svg.match(/<(?:path|circle|rect|line|polyline|polygon|ellipse)\b[^>]*\/>/g) ?? [];
  return elements
    .filter((element) => !element.includes('d="M0 0h24v24H0z"'))
    .map((element) => element.replace(/\s*\/>$/, '/>'))
    .join('');
}
