// A small document the role and proposal tests share: agreed text in p1, and in p2 a group g1 whose
// alternatives belong to the pen-holders (a1) and to the G77 (a2).
export const agreedAndBracketed = [
  { type: 'paragraph', attrs: { id: 'p1', kind: 'op' }, content: [{ type: 'text', text: 'We reaffirm the agreed text.' }] },
  {
    type: 'paragraph',
    attrs: { id: 'p2', kind: 'op' },
    content: [
      { type: 'text', text: 'We agree to hold a ' },
      {
        type: 'bracketGroup',
        attrs: { id: 'g1' },
        content: [
          { type: 'bracketAlt', attrs: { id: 'a1', proposer: null }, content: [{ type: 'text', text: 'World Summit' }] },
          { type: 'bracketAlt', attrs: { id: 'a2', proposer: 'g77' }, content: [{ type: 'text', text: 'High Level Meeting' }] },
        ],
      },
      { type: 'text', text: ' in 2025.' },
    ],
  },
];
