// TypeScript declarations for embed.js: <daemonset-playground> and mount(). See docs/embed.md.

/** A panel an embed can show next to its cluster view (`controls`). */
export type Panel = 'editor' | 'nodes' | 'time' | 'status' | 'events' | 'why';

/** Options of mount(), the same as the element's attributes (strings are accepted as attributes give them). */
export interface PlaygroundOptions {
  /** Manifest applied first (`kubectl apply -f`). */
  yaml?: string;
  /** Node templates (`control-plane,worker,worker`) or a count of workers; default: control-plane and worker-1..3. */
  nodes?: string | number;
  /** Seed of the simulation's random choices (pod names); default 1. */
  seed?: string | number;
  /** Comma-separated panels (or `all`); default `time,status,why`. */
  controls?: string;
  /** The reader cannot change the cluster from the embed's own controls (the API still can). */
  readonly?: boolean | string;
  /** The clock runs from the start. */
  autoplay?: boolean | string;
  /** 0.5, 1, 2, 5 or 10 (optionally written ×2 or x2). */
  speed?: string | number;
  /** Fixed height in CSS pixels (the embed scrolls inside). */
  height?: string | number;
  /** `auto` (default) follows prefers-color-scheme. */
  theme?: 'light' | 'dark' | 'auto';
  /** A share link (or its `#v1=…` fragment) to open. */
  link?: string;
}

/** A located error, as kubectl and the page report it. */
export interface LocatedError {
  file: string;
  line: number;
  column: number;
  /** `Kind/name`, when the error is about one object. */
  object: string | null;
  /** The field path (`spec.template.spec.containers[0].image`), when about one field. */
  field: string | null;
  message: string;
  /** `file:line:col: Kind/name: message`. */
  text: string;
}

/** What apply() did: kubectl's lines (`daemonset.apps/x created`), errors and warnings. */
export interface ApplyResult {
  ok: boolean;
  lines: string[];
  errors: LocatedError[];
  warnings: LocatedError[];
}

/** The pod phase as the page shows it (kubectl's STATUS words). */
export type PodPhase = 'Pending' | 'ContainerCreating' | 'Running' | 'Ready' | 'Terminating' | 'Failed' | 'Succeeded';

export interface PodState {
  name: string;
  namespace: string;
  daemonSet: string | null;
  phase: PodPhase;
  ready: boolean;
}

export interface NodeState {
  name: string;
  role: string;
  ready: boolean;
  unschedulable: boolean;
  labels: Record<string, string>;
  /** `key=value:Effect` or `key:Effect`. */
  taints: string[];
  pods: PodState[];
}

/** One row of `kubectl get ds`. */
export interface DaemonSetState {
  namespace: string;
  name: string;
  desired: number;
  current: number;
  ready: number;
  upToDate: number;
  available: number;
  nodeSelector: string;
  age: string;
}

export interface PlaygroundState {
  /** Simulated time in milliseconds. */
  timeMs: number;
  seed: number;
  nodes: NodeState[];
  daemonSets: DaemonSetState[];
  unplacedPods: PodState[];
}

/** The API of one embed. Bad arguments and refused operations throw an Error with kubectl's words. */
export interface PlaygroundApi {
  apply(yaml: string): ApplyResult;
  /** Returns the new node's name. Templates: worker, control-plane, gpu-worker, windows-worker, small. */
  addNode(template?: string, name?: string): string;
  removeNode(name: string): void;
  cordon(name: string): void;
  uncordon(name: string): void;
  /** `key=value:Effect` or `key:Effect`. */
  taint(name: string, taint: string): void;
  untaint(name: string, key: string, effect?: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute'): void;
  /** `null` removes the label. */
  label(name: string, key: string, value: string | null): void;
  setReady(name: string, ready: boolean): void;
  /** `name` or `namespace/name`. */
  failPod(name: string): void;
  /** `name` or `namespace/name`; no revision: the previous one. */
  rollback(daemonSet: string, revision?: number): void;
  /** Lets simulated time pass. */
  step(seconds: number): void;
  play(): void;
  pause(): void;
  /** Back to the starting point (same seed, nodes and manifest). */
  reset(): void;
  state(): PlaygroundState;
  /** A link to the playground page (beside embed.js) that opens exactly this run. */
  shareLink(): Promise<string>;
}

/** `change` (detail: `{ timeMs }`), `applied` (detail: ApplyResult), `error` (detail: ApplyResult or `{ ok: false, message }`). */
export interface PlaygroundEventMap extends HTMLElementEventMap {
  change: CustomEvent<{ timeMs: number }>;
  applied: CustomEvent<ApplyResult>;
  error: CustomEvent<ApplyResult | { ok: false; message: string }>;
}

/** `<daemonset-playground>`: the API's methods throw until it is mounted (`await element.ready`). */
export interface DaemonSetPlayground extends HTMLElement, PlaygroundApi {
  /** Resolves once mounted; awaiting it mounts the embed now, in view or not. */
  readonly ready: Promise<DaemonSetPlayground>;
  /** Mounts now (otherwise it mounts when it nears the viewport). */
  start(): void;
  addEventListener<K extends keyof PlaygroundEventMap>(type: K, listener: (this: DaemonSetPlayground, ev: PlaygroundEventMap[K]) => unknown, options?: boolean | AddEventListenerOptions): void;
  addEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | AddEventListenerOptions): void;
}
export declare const DaemonSetPlayground: {
  prototype: DaemonSetPlayground;
  new (): DaemonSetPlayground;
};

/** Renders a playground into `element` (in its shadow root). */
export declare function mount(element: Element, options?: PlaygroundOptions): Promise<PlaygroundApi & { destroy(): void }>;

/** Loads and compiles the module (once per page); mount() and the element call it. */
export declare function load(): Promise<unknown>;

declare global {
  interface HTMLElementTagNameMap {
    'daemonset-playground': DaemonSetPlayground;
  }
}
