// Resolution-style preambular paragraphs open with a participle or adjective phrase ("Recalling
// also", "Taking note with satisfaction of", "Deeply concerned"). UN style italicises that phrase;
// the words after it that UN style also italicises (also, further, with satisfaction...) are listed
// as modifiers so the italic span matches the printed documents.

const OPENERS = [
  'Acknowledging', 'Affirming', 'Alarmed', 'Appreciating', 'Aware', 'Bearing in mind', 'Believing',
  'Cognizant', 'Commending', 'Concerned', 'Condemning', 'Conscious', 'Considering', 'Convinced',
  'Deeply concerned', 'Deeply convinced', 'Deploring', 'Desiring', 'Determined', 'Emphasizing',
  'Emphasising', 'Encouraged', 'Expressing', 'Gravely concerned', 'Guided by', 'Having considered',
  'Having examined', 'Highlighting', 'Mindful', 'Noting', 'Observing', 'Reaffirming', 'Realizing',
  'Recalling', 'Recognizing', 'Recognising', 'Regretting', 'Reiterating', 'Seriously concerned',
  'Stressing', 'Taking into account', 'Taking into consideration', 'Taking note', 'Underlining',
  'Underscoring', 'Welcoming',
  // Treaty and UNFCCC preambles (the Paris Agreement: "Being Parties", "Pursuant to", "In pursuit of").
  'Being', 'Pursuant', 'In pursuit', 'Taking full account', 'Taking account', 'Having heard', 'Having received',
  'Having reviewed', 'Keeping in mind', 'Fully aware', 'Deeply disturbed', 'Disturbed', 'Encouraging',
  'Resolved', 'Acknowledging also',
];

/** Adverbs UN style puts before the participle and italicises with it: "Also recalling", "Further noting". */
const PREFIXES = ['Also', 'Further', 'Furthermore', 'Again', 'Once again'];

const MODIFIERS = [
  'also', 'further', 'furthermore', 'moreover', 'in addition', 'with satisfaction', 'with appreciation',
  'with concern', 'with deep concern', 'with grave concern', 'with serious concern', 'with interest',
  'its appreciation', 'its deep appreciation', 'its concern', 'its deep concern', 'its grave concern',
  'its satisfaction', 'its support', 'its gratitude', 'its full support', 'its profound gratitude',
];

const alt = (xs: string[]) => xs.sort((a, b) => b.length - a.length).map((x) => x.replace(/ /g, '\\s+')).join('|');
const OPENER = alt([...OPENERS]);
const LOWER_OPENER = alt(OPENERS.map((o) => o.charAt(0).toLowerCase() + o.slice(1)));
const PHRASE = new RegExp(
  `^(?:(?:${alt([...PREFIXES])})\\s+(?:${LOWER_OPENER})|${OPENER})(?:\\s+(?:${alt([...MODIFIERS])}))*(?=[\\s,:]|$)`,
);

/** Length of the opening participle phrase, or 0 when the text does not open with one. */
export function participlePhraseLength(text: string): number {
  return PHRASE.exec(text)?.[0].length ?? 0;
}

// Operative paragraphs of resolutions and decisions open with a verb in the third person ("Decides",
// "Requests", "Calls upon"), possibly after "Also", "Further" or "Strongly". Used to tell where an
// unnumbered operative part begins after the preamble.
const VERBS = [
  'Accepts', 'Acknowledges', 'Adopts', 'Affirms', 'Agrees', 'Appeals', 'Approves', 'Authorizes', 'Calls for',
  'Calls upon', 'Calls on', 'Commends', 'Concludes', 'Condemns', 'Confirms', 'Decides', 'Declares', 'Demands',
  'Deplores', 'Designates', 'Emphasizes', 'Encourages', 'Endorses', 'Establishes', 'Expresses', 'Invites',
  'Notes', 'Proclaims', 'Reaffirms', 'Recognizes', 'Recommends', 'Reiterates', 'Renews', 'Requests',
  'Resolves', 'Stresses', 'Supports', 'Takes note', 'Underlines', 'Underscores', 'Urges', 'Welcomes',
];
const OPERATIVE = new RegExp(`^(?:(?:Also|Further|Strongly|Once again)\\s+)?(?:${alt(VERBS)})(?=[\\s,:]|$)`);

/** Length of an opening operative verb ("Decides", "Also requests"), or 0. */
export function operativeVerbLength(text: string): number {
  return OPERATIVE.exec(text)?.[0].length ?? 0;
}
