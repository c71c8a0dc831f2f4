// AWS's rules in TypeScript against the cases the core's Rust rules run too (one file, two
// implementations: they cannot drift apart without one of the two suites failing).
import { describe, expect, it } from 'vitest';
import cases from '../../../crates/core/src/profiles/rule_cases.json';
import type { FieldProblem, Tag } from '../bindings';
import { checkDescription, checkDraft, checkName, checkSource, checkTagKey, checkTags, checkTagValue } from './rules';

interface Case {
  input: string;
  valid: boolean;
  position: number | null;
  suggestion: string | null;
}

const checks: Record<keyof typeof cases, (s: string) => FieldProblem | null> = {
  name: checkName,
  description: checkDescription,
  tagKey: (s) => checkTagKey(s, 0),
  tagValue: (s) => checkTagValue(s, 0),
};

describe('the shared rule cases (crates/core/src/profiles/rule_cases.json)', () => {
  for (const field of Object.keys(checks) as (keyof typeof cases)[]) {
    const list = cases[field] as Case[];
    it(`holds for every ${field} case (${list.length})`, () => {
      expect(list.length).toBeGreaterThanOrEqual(12);
      for (const c of list) {
        const p = checks[field](c.input);
        const got = { input: c.input, valid: p === null, position: p?.position ?? null, suggestion: p?.suggestion ?? null };
        expect(got).toEqual({ input: c.input, valid: c.valid, position: c.position, suggestion: c.suggestion });
      }
    });
  }
});

describe('messages', () => {
  it('name the character and its 1-based position', () => {
    expect(checkDescription('Project Alpha - Claude 3.5 Sonnet')?.message).toBe(
      'Description: "-" at character 15 follows a space; a space, "_" or "-" must follow a letter, digit, ":" or ".".',
    );
    expect(checkName('Project Alpha (Sonnet)')?.message).toBe('Name: "(" at character 15 is not allowed.');
    expect(checkName('a'.repeat(65))?.message).toContain('at most 64');
  });
});

describe('tag lists and sources', () => {
  const tag = (key: string, value = 'v'): Tag => ({ key, value });

  it('refuses a key used twice, on the later tag (keys are case-sensitive)', () => {
    expect(checkTags([tag('Project'), tag('project'), tag('Project')])).toEqual([
      expect.objectContaining({ field: 'tagKey', tagIndex: 2, position: null }),
    ]);
  });

  it('refuses 51 tags but takes 50', () => {
    const fifty = Array.from({ length: 50 }, (_, i) => tag(`k${i}`));
    expect(checkTags(fifty)).toEqual([]);
    expect(checkTags([...fifty, tag('k50')])).toEqual([expect.objectContaining({ field: 'tags', tagIndex: null, position: null })]);
  });

  it('takes model and profile ARNs and ids, not an application profile', () => {
    expect(checkSource('arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0')).toBeNull();
    expect(checkSource('arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-3-haiku-20240307-v1:0')).toBeNull();
    expect(checkSource('us.anthropic.claude-3-haiku-20240307-v1:0')).toBeNull();
    expect(checkSource('')?.field).toBe('source');
    expect(checkSource('arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abcdefghijkl')?.message).toMatch(/copy its model/);
    expect(checkSource('not a model')).not.toBeNull();
  });

  it('lists a draft\'s problems in the order of the form', () => {
    const problems = checkDraft({ name: '', description: 'a  b', source: '', tags: [tag('aws:x')] });
    expect(problems.map((p) => p.field)).toEqual(['name', 'description', 'source', 'tagKey']);
  });
});
