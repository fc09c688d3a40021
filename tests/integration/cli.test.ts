// The `penholder` command as a secretariat's script would run it: a real process, real files.
import { describe, it, expect, beforeAll } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const bin = join(process.cwd(), 'bin/penholder.mjs');
const penholder = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8' });
let dir: string;
beforeAll(() => void (dir = mkdtempSync(join(tmpdir(), 'penholder-cli-'))));

describe('penholder outline', () => {
  it('prints the zero draft structure as JSON', () => {
    const result = penholder('outline', 'fixtures/wsis10-zero-draft.txt');
    expect(result.status).toBe(0);
    const outline = JSON.parse(result.stdout);
    expect(outline.paragraphs.map((p: { label: string }) => p.label)).toEqual(Array.from({ length: 58 }, (_, i) => String(i + 1)));
    expect(outline.headings.filter((h: { label: string | null }) => h.label).map((h: { label: string }) => h.label)).toEqual([
      '1', '1.1', '1.2', '1.3', '2', '2.1', '2.2', '2.3', '3',
    ]);
    expect(outline.groups).toEqual([
      expect.objectContaining({ paragraph: '58', alternatives: ['World Summit', 'High Level Meeting'], depth: 0 }),
    ]);
    expect(outline.paragraphs[57].text).toContain('hold a [World Summit] [High Level Meeting] on the Information Society');
    expect(Array.isArray(outline.report)).toBe(true);
  });

  it('prints the resolution with subparagraphs and footnotes', () => {
    const outline = JSON.parse(penholder('outline', 'fixtures/ecosoc-2010-2.md').stdout);
    const p20 = outline.paragraphs.find((p: { label: string }) => p.label === '20');
    expect(p20.subparagraphs.map((s: { label: string }) => s.label)).toEqual(['(a)', '(b)', '(c)', '(d)', '(e)']);
    expect(p20.footnotes).toEqual([expect.objectContaining({ text: 'See A/60/687.' })]);
  });
});

describe('penholder convert', () => {
  it.each(['txt', 'md', 'json'])('converts a draft to .%s', (ext) => {
    const out = join(dir, `zero.${ext}`);
    const result = penholder('convert', 'fixtures/wsis10-zero-draft.txt', out);
    expect(result.status).toBe(0);
    expect(readFileSync(out, 'utf8')).toContain('World Summit');
  });

  it('refuses a missing file with a clear message', () => {
    const result = penholder('convert', join(dir, 'nope.txt'), join(dir, 'out.txt'));
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/cannot read .*nope\.txt: ENOENT/);
  });

  it('refuses an unknown output format without writing anything', () => {
    const out = join(dir, 'out.docz');
    const result = penholder('convert', 'fixtures/wsis10-zero-draft.txt', out);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/unknown output format/);
    expect(existsSync(out)).toBe(false);
  });

  it('refuses a file with no draft in it', () => {
    const garbage = join(dir, 'garbage.txt');
    writeFileSync(garbage, Buffer.from([0, 159, 146, 150, 0, 1, 2, 255, 254]));
    const result = penholder('convert', garbage, join(dir, 'out.md'));
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/no paragraphs found/);
  });

  it('explains its usage when called wrongly', () => {
    const result = penholder('frobnicate');
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/unknown command: frobnicate[\s\S]*penholder outline FILE/);
  });
});

describe('penholder convert to the formats delegations use', () => {
  it.each([
    ['docx', /^PK/],
    ['html', /^<!doctype html>/i],
    ['akn.xml', /<akomaNtoso /],
    ['pdf', /^%PDF-/],
  ])('writes .%s', (ext, start) => {
    const out = join(dir, `ecosoc.${ext}`);
    const result = penholder('convert', 'fixtures/ecosoc-2010-2.md', out);
    expect(result.status, result.stderr).toBe(0);
    const head = readFileSync(out).subarray(0, 400).toString('latin1');
    expect(head).toMatch(start);
  });

  it('writes the compilation text, and refuses a redline (it needs a stored document) with the way to get one', () => {
    const out = join(dir, 'compilation.txt');
    expect(penholder('convert', '--kind', 'compilation', 'fixtures/wsis10-zero-draft.txt', out).status).toBe(0);
    expect(readFileSync(out, 'utf8')).toContain('[World Summit] [High Level Meeting]');
    const redline = penholder('convert', '--kind', 'redline', 'fixtures/wsis10-zero-draft.txt', join(dir, 'r.docx'));
    expect(redline.status).toBe(2);
    expect(redline.stderr).toMatch(/a redline compares two states of a stored document/);
  });
});
