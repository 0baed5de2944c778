import { join, resolve } from 'node:path';
import { MessageChannel, MessagePort, receiveMessageOnPort, Worker } from 'node:worker_threads';
import { CfnResource, CloudFormationValidatePlugin, IPolicyValidationContext, IPolicyValidationPlugin, ISynthesisSession, PolicyValidationPluginReport, PolicyValidationStack, Stack, Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/**
 * How long the main thread waits while the worker makes no progress before the gate fails. The worker counts every
 * template it validates or takes from the store and every engine it builds, none of which takes more than a few
 * seconds, so a count that stands still this long means the thread ended (out of memory, terminated) or hangs; a fleet
 * of any size keeps counting. The gate then fails: no template is taken as valid without its report.
 */
const STALL_TIMEOUT_MS = 120 * 1000;

/** Where the worker stores the id of its last answer, and its progress count, in the shared flag. */
const ANSWERED = 0;
const PROGRESS = 1;

/**
 * aws-cdk-lib's CloudFormation schema validation (its own plugin, unchanged, with its own rules and exclusions) run on a
 * second core, so that it overlaps the rest of the gate instead of following it.
 *
 * Policy-validation plugins are synchronous and run one after another in the main thread; in process the schema
 * engine was the gate's largest single cost (2-4 s to build its WebAssembly engine for a set of resource types, then
 * 75-170 ms per template). Here, on a worker thread: the engine is built while the app still constructs (`warm`, from
 * the resource types of the construct tree); each template is validated as soon as the CDK writes it
 * (`validateAsWritten`); `starter`, registered as the gate's first plugin, hands over the final list before the packs
 * run in the main thread; and this plugin, registered last, blocks on a shared flag (`Atomics.wait`) until the report
 * arrives and returns it as its own. The worker reuses an early result only for the same file content, stack,
 * account, region and rule set, and merges results as the plugin's one call would group them. It is a
 * CloudFormationValidatePlugin, so the CDK treats it as the schema validation (no default instance is added, its
 * acknowledgement namespace is unchanged, the validateAgainstDefaultRules flag applies).
 */
export class WorkerSchemaValidation extends CloudFormationValidatePlugin {
  /** Registered before every other check: starts the worker on the templates the CDK has just written. */
  public readonly starter: IPolicyValidationPlugin;
  private worker?: Worker;
  private port?: MessagePort;
  private answered?: Int32Array;
  private nextId = 1;
  /** How many templates of the last report came from early validation (the report is the same either way). */
  public lastReused = 0;
  /** How many templates of the last report came from the store of earlier runs (`cacheDir`), and how many in all. */
  public lastCached = 0;
  public lastTemplates = 0;
  /** Each app's store of earlier runs' reports (`useCache`). */
  private readonly cacheDirs = new WeakMap<IConstruct, string>();
  /** The request in flight, by the templates it covers. */
  private pending?: { readonly id: number; readonly key: string };
  private readonly stallTimeoutMs: number;

  /** @param options.stallTimeoutMs how long the worker may make no progress before validation fails (tests shorten it) */
  constructor(options: { readonly stallTimeoutMs?: number } = {}) {
    super();
    this.stallTimeoutMs = options.stallTimeoutMs ?? STALL_TIMEOUT_MS;
    this.starter = {
      name: 'CloudFormation Validate start',
      validate: (context: IPolicyValidationContext): PolicyValidationPluginReport => {
        this.start(context);
        return { success: true, violations: [] };
      },
    };
  }

  /** Starts the worker and builds its engine for the resource types under `scope`, while the app goes on. */
  public warm(scope: IConstruct): void {
    const types = new Set<string>();
    for (const node of scope.node.findAll()) {
      if (CfnResource.isCfnResource(node)) {
        types.add(node.cfnResourceType);
      } else if (Stack.isStack(node)) {
        types.add('AWS::CDK::Metadata');
      }
    }
    this.thread().postMessage({ kind: 'warm', resourceTypes: [...types].sort() });
  }

  /**
   * Keeps `app`'s reports in `dir` and reuses them in later runs for the very same input (schema-validation-cache.js
   * says what that is); `undefined` for none. Call before the app synthesizes.
   */
  public useCache(app: IConstruct, dir: string | undefined): void {
    this.lastCached = 0;
    this.lastTemplates = 0;
    if (dir === undefined) {
      this.cacheDirs.delete(app);
    } else {
      this.cacheDirs.set(app, resolve(dir));
    }
  }

  /**
   * Hands each stack's template to the worker as soon as the CDK has written it, so the worker validates while the
   * app writes the other stacks (each stack's synthesizer is wrapped for this; what it writes is unchanged). The
   * final report reuses such an early report only for the same file content, stack, account, region and rule set.
   */
  public validateAsWritten(scope: IConstruct): void {
    for (const node of scope.node.findAll()) {
      if (!Stack.isStack(node) || node.nested) {
        continue;
      }
      const stack = node;
      const synthesizer = stack.synthesizer as unknown as { synthesize(session: ISynthesisSession): void };
      const synthesize = synthesizer.synthesize.bind(synthesizer);
      synthesizer.synthesize = (session: ISynthesisSession) => {
        synthesize(session);
        const known = (value: string) => (Token.isUnresolved(value) ? undefined : value);
        this.validateEarly({ stackConstructPath: stack.node.path, templatePath: join(session.outdir, stack.templateFile), accountId: known(stack.account), region: known(stack.region) }, this.cacheDirs.get(scope.node.root));
      };
    }
  }

  /**
   * Validates one written template now, on the worker (or takes its report from `cacheDir`); the final report reuses
   * it if nothing about it changed.
   */
  public validateEarly(stack: PolicyValidationStack, cacheDir?: string): void {
    this.thread().postMessage({ kind: 'early', stack: { ...stack, readPath: resolve(stack.templatePath) }, cacheDir });
  }

  public validate(context: IPolicyValidationContext): PolicyValidationPluginReport {
    const key = requestKey(context);
    if (this.pending?.key !== key) {
      this.start(context);
    }
    const { id } = this.pending!;
    this.pending = undefined;
    let progress = Atomics.load(this.answered!, PROGRESS);
    let since = Date.now();
    while (Atomics.load(this.answered!, ANSWERED) !== id) {
      const now = Atomics.load(this.answered!, PROGRESS);
      if (now !== progress) {
        progress = now;
        since = Date.now();
      } else if (Date.now() - since > this.stallTimeoutMs) {
        this.close();
        throw new Error(`CloudFormation schema validation: its worker thread made no progress for ${this.stallTimeoutMs / 1000} s (it ended or hangs); no template is taken as valid`);
      }
      Atomics.wait(this.answered!, ANSWERED, Atomics.load(this.answered!, ANSWERED), Math.min(1000, this.stallTimeoutMs));
    }
    for (let message = receiveMessageOnPort(this.port!); message; message = receiveMessageOnPort(this.port!)) {
      const answer = message.message as { id: number; report?: PolicyValidationPluginReport; reused?: number; cached?: number; error?: string };
      if (answer.id !== id) {
        continue;
      }
      if (answer.error !== undefined) {
        throw new Error(`CloudFormation schema validation failed on its worker thread: ${answer.error}`);
      }
      this.lastReused = answer.reused ?? 0;
      this.lastCached = answer.cached ?? 0;
      this.lastTemplates = context.stackTemplates.length;
      return answer.report!;
    }
    throw new Error('CloudFormation schema validation: its worker thread signalled an answer that never arrived');
  }

  /** Ends the worker thread (it is unreferenced, so a finished app exits without this). */
  public close(): void {
    if (this.worker) {
      void this.worker.terminate();
    }
    this.worker = undefined;
    this.port = undefined;
    this.answered = undefined;
    this.pending = undefined;
  }

  private start(context: IPolicyValidationContext): void {
    const id = this.nextId++;
    const stackTemplates = context.stackTemplates.map((s) => ({ ...s, readPath: resolve(s.templatePath) }));
    const cacheDir = context.appConstruct ? this.cacheDirs.get(context.appConstruct.node.root) : undefined;
    this.thread().postMessage({ kind: 'validate', id, stackTemplates, cacheDir });
    this.pending = { id, key: requestKey(context) };
  }

  private thread(): Worker {
    if (!this.worker) {
      const { port1, port2 } = new MessageChannel();
      const flag = new SharedArrayBuffer(2 * Int32Array.BYTES_PER_ELEMENT);
      this.worker = new Worker(join(__dirname, 'schema-validation-worker.js'), { workerData: { port: port2, flag }, transferList: [port2] });
      this.worker.unref();
      port1.unref();
      this.port = port1;
      this.answered = new Int32Array(flag);
    }
    return this.worker;
  }
}

function requestKey(context: IPolicyValidationContext): string {
  return context.stackTemplates.map((s) => `${s.templatePath}\0${s.accountId ?? ''}\0${s.region ?? ''}`).join('\n');
}

