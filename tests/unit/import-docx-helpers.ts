// Shared by the Word import tests: small Word packages written as WordprocessingML, so each test
// shows the exact XML Word would hold, and an outline of an import for comparisons.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { strToU8, zipSync, type Zippable } from 'fflate';
import { importDocx } from '../../shared/src/import/docx/index.ts';
import { docFromJSON } from '../../shared/src/schema/schema.ts';
import { exportDocument } from '../../shared/src/export/index.ts';
import type { ImportResult } from '../../shared/src/import/types.ts';
import { labelled, type Imported } from './import-helpers.ts';

export const W_NS = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';
const NAMESPACES =
  `xmlns:w="${W_NS}" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" ` +
  'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" ' +
  'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" ' +
  'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" ' +
  'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" ' +
  'xmlns:v="urn:schemas-microsoft-com:vml" xmlns:m="http://schemas.openxmlformats.org/officeDocument/2006/math"';

export interface Parts {
  styles?: string;
  numbering?: string;
  footnotes?: string;
  endnotes?: string;
  comments?: string;
}


/** Wraps the inner XML of a part in its root element with the usual namespaces. */
function part(root: string, inner: string): string {
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:${root} ${NAMESPACES}>${inner}</w:${root}>`;
}

// Part names, root elements and relationship types share one word: styles, numbering, footnotes...
/** A .docx whose body is `body` (inner XML of w:body), with the optional parts given. */
export function wordPackage(body: string, parts: Parts = {}, extra: Zippable = {}): Uint8Array {
  const files: Zippable = {
    '[Content_Types].xml': strToU8(
      '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>' +
        '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
    ),
    '_rels/.rels': strToU8(
      '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
    ),
    'word/document.xml': strToU8(part('document', `<w:body>${body}</w:body>`)),
    ...extra,
  };
  const rels: string[] = [];
  for (const key of Object.keys(parts) as Array<keyof Parts>) {
    files[`word/${key}.xml`] = strToU8(part(key, parts[key]!));
    rels.push(`<Relationship Id="r${key}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/${key}" Target="${key}.xml"/>`);
  }
  files['word/_rels/document.xml.rels'] = strToU8(
    `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${rels.join('')}</Relationships>`,
  );
  return zipSync(files);
}

/** `<w:p>` with optional paragraph properties. */
export function p(inner: string, pPr = ''): string {
  return `<w:p>${pPr ? `<w:pPr>${pPr}</w:pPr>` : ''}${inner}</w:p>`;
}

/** `<w:r>` with text (spaces preserved) and optional run properties. */
export function r(text: string, rPr = ''): string {
  return `<w:r>${rPr ? `<w:rPr>${rPr}</w:rPr>` : ''}<w:t xml:space="preserve">${escapeXml(text)}</w:t></w:r>`;
}

export function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** A numbered paragraph: `<w:numPr>` with numId and level. */
export function numPr(numId: number, ilvl = 0): string {
  return `<w:numPr><w:ilvl w:val="${ilvl}"/><w:numId w:val="${numId}"/></w:numPr>`;
}

export function style(id: string): string {
  return `<w:pStyle w:val="${id}"/>`;
}

/** An abstract numbering definition with levels [format, lvlText, start?] and one instance per numId. */
export function numberingXml(levels: Array<[string, string, number?]>, numIds: number[] = [1], overrides: Record<number, string> = {}): string {
  const lvls = levels
    .map(([fmt, text, start], i) => `<w:lvl w:ilvl="${i}"><w:start w:val="${start ?? 1}"/><w:numFmt w:val="${fmt}"/><w:lvlText w:val="${text}"/></w:lvl>`)
    .join('');
  const nums = numIds.map((id) => `<w:num w:numId="${id}"><w:abstractNumId w:val="0"/>${overrides[id] ?? ''}</w:num>`).join('');
  return `<w:abstractNum w:abstractNumId="0">${lvls}</w:abstractNum>${nums}`;
}

/** Built-in style definitions Word writes for headings and the title. */
export const HEADING_STYLES =
  '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>' +
  '<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/></w:style>' +
  '<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/><w:pPr><w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:b/></w:rPr></w:style>' +
  '<w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/><w:basedOn w:val="Normal"/><w:pPr><w:outlineLvl w:val="1"/></w:pPr><w:rPr><w:b/></w:rPr></w:style>';

export function fixtureBytes(name: string): Uint8Array {
  return new Uint8Array(readFileSync(fileURLToPath(new URL(`../../fixtures/${name}`, import.meta.url))));
}

/** The JSON export's outline without the report and the minted ids. */
export function outlineWithoutIds(doc: ImportResult['doc']): unknown {
  const outline = JSON.parse(exportDocument(docFromJSON(doc), 'json')) as {
    report?: unknown;
    paragraphs: Array<{ id?: string; label: string | null }>;
    groups: Array<{ id?: string; paragraph: string }>;
  };
  delete outline.report;
  for (const para of outline.paragraphs) delete para.id;
  for (const g of outline.groups) delete g.id;
  return outline;
}

export function markdownOf(doc: ImportResult['doc']): string {
  return exportDocument(docFromJSON(doc), 'markdown');
}

/** Imports a Word package and labels it like the text importer tests do (`load`). */
export function loadDocx(bytes: Uint8Array, title?: string): Imported {
  return labelled(importDocx(bytes, { title }));
}

/** Report messages, for `toContainEqual(expect.stringMatching(...))`. */
export function messages(result: ImportResult): string[] {
  return result.report.map((p) => p.message);
}
