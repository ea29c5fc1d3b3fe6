export declare const SPEC_PATH: string;
export declare function freePort(host?: string): Promise<number>;

export interface StartPrismOptions {
  /** The spec file to mock. Default: spec/artifacts.yaml. */
  spec?: string;
  /** Default: `"127.0.0.1"`. */
  host?: string;
  /** Default: a free port. */
  port?: number;
  /** Generate responses from the schemas instead of the examples. Default: `false`. */
  dynamic?: boolean;
  /** Seed for dynamic mode. Default: none. */
  seed?: number;
  /** Default: 30 000 ms. */
  startTimeoutMs?: number;
}

export interface PrismServer {
  url: string;
  port: number;
  pid: number | undefined;
  output(): string;
  kill(): void;
  stop(): Promise<void>;
}

export declare function startPrism(options?: StartPrismOptions): Promise<PrismServer>;
