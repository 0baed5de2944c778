/**
 * Runs a Step Functions definition written in JSONata (the states the platform uses: Pass, Task, Choice, Wait, Map,
 * Succeed, Fail) with the real `jsonata` library for every expression, and a test's fake for each Task's service call.
 * It follows the Amazon States Language's JSONata rules as the Step Functions guide writes them: `$states.input`,
 * `$states.result`, `Arguments`, `Assign` (evaluated before any of its variables change), `Output` (a Task's result
 * when absent, a Pass's or Choice's input), Choice rules' `Output`, Map `Items` and `ItemProcessor`. Retries,
 * timeouts and waits are not simulated. What it proves is the definition's logic; AWS's engine is the real one.
 */
import jsonata from 'jsonata';

export type ServiceCall = (resource: string, args: any) => unknown;

export type Outcome = { status: 'SUCCEEDED'; output: unknown } | { status: 'FAILED'; error: string; cause: string };

const EXPRESSION = /^\{%([\s\S]*)%\}$/;

async function evaluate(template: unknown, bindings: Record<string, unknown>): Promise<any> {
  if (typeof template === 'string') {
    const match = EXPRESSION.exec(template);
    return match ? jsonata(match[1]).evaluate({}, bindings) : template;
  }
  if (Array.isArray(template)) {
    return Promise.all(template.map((item) => evaluate(item, bindings)));
  }
  if (template !== null && typeof template === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(template)) {
      const v = await evaluate(value, bindings);
      if (v !== undefined) {
        out[key] = v;
      }
    }
    return out;
  }
  return template;
}

/** Runs `machine` (a definition or an ItemProcessor) on `input`; `calls` records every service call made. */
export async function runStateMachine(machine: any, input: unknown, service: ServiceCall, calls: { resource: string; args: any }[] = []): Promise<Outcome> {
  const variables: Record<string, unknown> = {};
  let name: string = machine.StartAt;
  let current: unknown = input;
  for (let steps = 0; steps < 10_000; steps++) {
    const state = machine.States[name];
    const scope = (extra: Record<string, unknown> = {}) => ({ ...variables, states: { input: current, ...extra } });
    let result: unknown = current;
    let next: string | undefined = state.Next;
    let output: unknown = current;
    switch (state.Type) {
      case 'Pass':
        break;
      case 'Wait':
        break;
      case 'Task': {
        const args = await evaluate(state.Arguments, scope());
        calls.push({ resource: state.Resource, args });
        result = await service(state.Resource, args);
        output = result;
        break;
      }
      case 'Map': {
        const items: unknown[] = [].concat((await evaluate(state.Items, scope())) ?? []);
        const outputs: unknown[] = [];
        for (const item of items) {
          const outcome = await runStateMachine(state.ItemProcessor, item, service, calls);
          if (outcome.status === 'FAILED') {
            return outcome;
          }
          outputs.push(outcome.output);
        }
        result = outputs;
        output = outputs;
        break;
      }
      case 'Choice': {
        next = state.Default;
        for (const rule of state.Choices) {
          if ((await evaluate(rule.Condition, scope())) === true) {
            next = rule.Next;
            if (rule.Output !== undefined) {
              output = await evaluate(rule.Output, scope());
            }
            break;
          }
        }
        break;
      }
      case 'Succeed':
        return { status: 'SUCCEEDED', output: current };
      case 'Fail':
        return { status: 'FAILED', error: await evaluate(state.Error, scope()), cause: await evaluate(state.Cause, scope()) };
      default:
        throw new Error(`state ${name}: type ${state.Type} is not simulated`);
    }
    const withResult = scope({ result });
    if (state.Output !== undefined && state.Type !== 'Choice') {
      output = await evaluate(state.Output, withResult);
    }
    if (state.Assign !== undefined) {
      Object.assign(variables, await evaluate(state.Assign, withResult));
    }
    if (state.End === true || next === undefined) {
      return { status: 'SUCCEEDED', output };
    }
    name = next;
    current = output;
  }
  throw new Error('the definition did not end within 10,000 states');
}
