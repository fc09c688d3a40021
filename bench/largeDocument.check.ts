// Checks the benchmark document: `npx tsx bench/largeDocument.check.ts` prints OK or throws.
// (Kept out of tests/: it guards the benchmark fixture, not the product.)
import assert from 'node:assert/strict';
import type { Node as PMNode } from '@tiptap/pm/model';
import { docFromJSON } from '../shared/src/schema/schema.ts';
import { renderInlineLiteral } from '../shared/src/brackets/literal.ts';
import { labelBlocks } from '../shared/src/numbering/labels.ts';
import { outlineOf } from '../shared/src/export/outline.ts';
import { buildLargeDocument, largeDocumentJSON, DELEGATIONS } from './fixtures/largeDocument.ts';

export interface LargeDocumentFacts {
  paragraphs: number;
  subparagraphs: number;
  headings: number;
  groups: number;
  nestedGroups: number;
  maxDepth: number;
  alternatives: number;
  emptyAlternatives: number;
  footnotes: number;
  characters: number;
}

/** Counts what the document actually holds (walking the parsed node, not the generator's tallies). */
export function factsOf(doc: PMNode): LargeDocumentFacts {
  const facts: LargeDocumentFacts = {
    paragraphs: 0, subparagraphs: 0, headings: 0, groups: 0, nestedGroups: 0, maxDepth: 0,
    alternatives: 0, emptyAlternatives: 0, footnotes: 0, characters: 0,
  };
  const walk = (node: PMNode, groupDepth: number) => {
    node.forEach((child) => {
      const name = child.type.name;
      let depth = groupDepth;
      if (name === 'paragraph') facts.paragraphs++;
      else if (name === 'subparagraph') facts.subparagraphs++;
      else if (name === 'sectionHeading') facts.headings++;
      else if (name === 'footnote') facts.footnotes++;
      else if (name === 'bracketAlt') {
        facts.alternatives++;
        if (child.childCount === 0) facts.emptyAlternatives++;
      } else if (name === 'bracketGroup') {
        facts.groups++;
        if (groupDepth > 0) facts.nestedGroups++;
        facts.maxDepth = Math.max(facts.maxDepth, groupDepth);
        depth = groupDepth + 1;
      } else if (child.isText) facts.characters += child.text!.length;
      walk(child, depth);
    });
  };
  walk(doc, 0);
  return facts;
}

/** Asserts the fixture is what DESIGN.md §4 describes; returns its facts. */
export function checkLargeDocument(): LargeDocumentFacts {
  const json = largeDocumentJSON();
  const doc = docFromJSON(json); // schema-valid, or throws naming the node
  const facts = factsOf(doc);
  const { counts } = buildLargeDocument();

  assert.equal(facts.paragraphs, 300, 'paragraphs');
  assert.equal(facts.groups, 2000, 'bracket groups');
  assert.ok(facts.subparagraphs >= 20, `subparagraphs: ${facts.subparagraphs}`);
  assert.ok(facts.headings >= 10, `headings: ${facts.headings}`);
  assert.equal(facts.footnotes, 40, 'footnotes');
  assert.ok(facts.nestedGroups >= 100, `nested groups: ${facts.nestedGroups}`);
  assert.equal(facts.maxDepth, 2, 'groups nest two levels deep at most');
  assert.ok(facts.emptyAlternatives >= 50, `empty alternatives: ${facts.emptyAlternatives}`);
  assert.equal(facts.groups, counts.groups);
  assert.equal(facts.alternatives, counts.alternatives);

  // Every group has 1-4 alternatives; proposers come from the delegation list (or none).
  const known = new Set<string | null>([null, ...DELEGATIONS]);
  doc.descendants((node) => {
    if (node.type.name === 'bracketGroup') assert.ok(node.childCount >= 1 && node.childCount <= 4, 'alternatives per group');
    if (node.type.name === 'bracketAlt') assert.ok(known.has(node.attrs.proposer), `proposer ${node.attrs.proposer}`);
    return true;
  });

  // Ids are present and unique (what assignMissingIds would otherwise rewrite on the first edit).
  const ids = new Set<string>();
  doc.descendants((node) => {
    if ('id' in node.attrs) {
      assert.ok(node.attrs.id, `${node.type.name} without id`);
      assert.ok(!ids.has(node.attrs.id), `duplicate id ${node.attrs.id}`);
      ids.add(node.attrs.id);
    }
    return true;
  });

  // Deterministic: a second build is identical; another seed differs.
  assert.equal(JSON.stringify(largeDocumentJSON()), JSON.stringify(json), 'deterministic');
  assert.notEqual(JSON.stringify(largeDocumentJSON({ seed: 7 })), JSON.stringify(json), 'seed matters');

  // Real text, literal rendering has balanced brackets, numbering reaches paragraph 300.
  for (const block of [doc.child(1), doc.child(10), doc.child(doc.childCount - 1)]) {
    const literal = renderInlineLiteral(block, { footnote: () => '' });
    assert.equal((literal.match(/\[/g) ?? []).length, (literal.match(/]/g) ?? []).length, 'balanced');
  }
  const labels = labelBlocks(doc).filter((l) => l.node.type.name === 'paragraph');
  assert.equal(labels[labels.length - 1].label, '300', 'last paragraph number');
  assert.equal(outlineOf(doc).groups.length, 2000, 'outline sees every group');
  return facts;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const facts = checkLargeDocument();
  console.log(JSON.stringify(facts));
  console.log('OK');
}
