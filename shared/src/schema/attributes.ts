// Node attributes round-trip through HTML as data-* attributes (copy and paste, clipboard, exports),
// so every attribute is declared the same way.
import type { Attribute } from '@tiptap/core';

export function dataAttribute(name: string, fallback: string | number | boolean | null): Attribute {
  return {
    default: fallback,
    parseHTML: (el) => {
      const raw = el.getAttribute(`data-${name}`);
      if (raw === null) return fallback;
      if (typeof fallback === 'number') return Number(raw);
      if (typeof fallback === 'boolean') return raw === 'true';
      return raw;
    },
    renderHTML: (attrs) => (attrs[name] == null ? {} : { [`data-${name}`]: String(attrs[name]) }),
  };
}

/** A list of delegation ids (supporters, objectors), stored as an array attribute. */
export function listAttribute(name: string): Attribute {
  return {
    default: [],
    parseHTML: (el) => {
      const raw = el.getAttribute(`data-${name}`);
      if (!raw) return [];
      try {
        const value = JSON.parse(raw);
        return Array.isArray(value) ? value.filter((v) => typeof v === 'string') : [];
      } catch {
        return [];
      }
    },
    renderHTML: (attrs) => {
      const list: unknown = attrs[name];
      return Array.isArray(list) && list.length ? { [`data-${name}`]: JSON.stringify(list) } : {};
    },
  };
}
