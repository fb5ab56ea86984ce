import { describe, expect, it } from 'vitest';
import { costOf, formatCost, formatCount, tokenCounts, totalUsage } from '../../../src/widget/usage/usage.js';

const usage = {
  prompt_tokens: 1000,
  completion_tokens: 500,
  total_tokens: 1500,
  completion_tokens_details: { reasoning_tokens: 200 },
  model: 'm',
};

describe('usage', () => {
  it('reads prompt, completion and reasoning tokens; nothing from junk', () => {
    expect(tokenCounts(usage)).toEqual({ prompt: 1000, completion: 500, reasoning: 200 });
    expect(tokenCounts({ prompt_tokens: 3, completion_tokens: 4 })).toEqual({ prompt: 3, completion: 4, reasoning: 0 });
    expect(tokenCounts(undefined)).toBeNull();
    expect(tokenCounts({ total: 'x' })).toBeNull();
    expect(tokenCounts({ prompt_tokens: -5, completion_tokens: Number.NaN })).toEqual({
      prompt: 0,
      completion: 0,
      reasoning: 0,
    });
  });

  it('prices by the model list, or takes the provider’s own cost', () => {
    expect(costOf(usage, { prompt: 0.000001, completion: 0.000002 })).toBeCloseTo(0.002, 12);
    expect(costOf(usage, undefined)).toBeNull();
    expect(costOf({ ...usage, cost: 0.5 }, undefined)).toBe(0.5);
  });

  it('formats numbers and dollars for the language', () => {
    expect(formatCount(1234567, 'en')).toBe('1,234,567');
    expect(formatCost(0.012594, 'en')).toBe('$0.013');
    expect(formatCost(12.3, 'en')).toBe('$12.30');
    expect(formatCost(0.0042, 'zh-CN')).toBe('US$0.0042');
  });

  it('totals tokens over replies and cost over the priced ones', () => {
    const price = (model?: string) => (model === 'm' ? { prompt: 0.000001, completion: 0.000002 } : undefined);
    const total = totalUsage([usage, { prompt_tokens: 10, completion_tokens: 20, model: 'other' }, undefined], price);
    expect(total).toEqual({ prompt: 1010, completion: 520, reasoning: 200, cost: 0.002, replies: 2, priced: 1 });
  });
});
