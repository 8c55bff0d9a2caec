import { type AgentToolDefinition, type JsonSchema, sizeProblem } from './definitions';

export type Checked = { ok: true; value: Record<string, unknown> } | { ok: false; error: string };

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number' && Number.isInteger(value)) return 'integer';
  return typeof value;
}

function fits(value: unknown, type: string): boolean {
  const actual = typeOf(value);
  return actual === type || (type === 'number' && actual === 'integer');
}

function checkValue(name: string, value: unknown, schema: JsonSchema): string | undefined {
  const types = schema.type === undefined ? [] : typeof schema.type === 'string' ? [schema.type] : schema.type;
  if (types.length > 0 && !types.some((t) => fits(value, t))) return `'${name}' must be ${types.map((t) => (t === 'integer' ? 'an integer' : `a ${t}`)).join(' or ')}, got ${typeOf(value)}`;
  if (typeof value === 'string') {
    if (schema.enum && !schema.enum.includes(value)) return `'${name}' must be one of ${schema.enum.join(', ')}, got '${value.slice(0, 50)}'`;
    if (schema.minLength !== undefined && value.length < schema.minLength) return `'${name}' must not be empty`;
    if (schema.maxLength !== undefined && value.length > schema.maxLength) {
      return schema.maxLength >= 1024 * 1024 ? (sizeProblem(`'${name}'`, value.length) as string) : `'${name}' is longer than ${schema.maxLength} characters`;
    }
  }
  if (typeof value === 'number') {
    if (schema.minimum !== undefined && value < schema.minimum) return `'${name}' must be at least ${schema.minimum}, got ${value}`;
    if (schema.maximum !== undefined && value > schema.maximum) return `'${name}' must be at most ${schema.maximum}, got ${value}`;
  }
  return undefined;
}

/**
 * Checks a tool's arguments against its input schema (the flat objects of definitions.ts), with one
 * message an agent can act on. Hosts may or may not validate before calling; this always does.
 */
export function checkInput(definition: AgentToolDefinition, input: unknown): Checked {
  const schema = definition.inputSchema;
  const properties = schema.properties ?? {};
  const expected = Object.keys(properties).join(', ');
  if (input === undefined || input === null) input = {};
  if (typeOf(input) !== 'object') return { ok: false, error: `${definition.name}: arguments must be an object (${expected}), got ${typeOf(input)}` };
  const value = input as Record<string, unknown>;
  for (const name of Object.keys(value)) {
    if (!(name in properties) && schema.additionalProperties === false) return { ok: false, error: `${definition.name}: unknown argument '${name.slice(0, 50)}' (expected ${expected})` };
  }
  for (const name of schema.required ?? []) {
    if (value[name] === undefined) return { ok: false, error: `${definition.name}: missing required argument '${name}': ${properties[name]?.description ?? ''}`.trim() };
  }
  for (const [name, propertySchema] of Object.entries(properties)) {
    if (value[name] === undefined) continue;
    const problem = checkValue(name, value[name], propertySchema);
    if (problem) return { ok: false, error: `${definition.name}: ${problem}` };
  }
  return { ok: true, value };
}
