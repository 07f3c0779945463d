/**
 * EventBridge content filtering, the subset our wiring uses: exact values (strings, numbers,
 * booleans, null), `{ prefix }`, `{ exists }`, `{ "anything-but": [...] }`, nested objects.
 * Lambda event-source filters for DynamoDB streams use the same syntax: the local stack routes with
 * it, and a stream consumer uses it to tell which of its filter patterns a record passed.
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-patterns-content-based-filtering.html
 */
export type EventPattern = { readonly [key: string]: readonly unknown[] | EventPattern };

function matchesValue(condition: unknown, value: unknown, present: boolean): boolean {
  if (condition !== null && typeof condition === 'object') {
    const rule = condition as Record<string, unknown>;
    if ('exists' in rule) return rule.exists === present;
    if ('prefix' in rule) return typeof value === 'string' && value.startsWith(String(rule.prefix));
    if ('anything-but' in rule) {
      const excluded = Array.isArray(rule['anything-but']) ? rule['anything-but'] : [rule['anything-but']];
      return present && !excluded.includes(value);
    }
    throw new Error(`event pattern: unsupported rule ${JSON.stringify(rule)}`);
  }
  return present && (Array.isArray(value) ? value.includes(condition) : value === condition);
}

export function matchesPattern(pattern: EventPattern, event: unknown): boolean {
  const subject = (event ?? {}) as Record<string, unknown>;
  return Object.entries(pattern).every(([key, condition]) => {
    const present = key in subject && subject[key] !== undefined;
    if (Array.isArray(condition)) return condition.some((c) => matchesValue(c, subject[key], present));
    return present && matchesPattern(condition as EventPattern, subject[key]);
  });
}
