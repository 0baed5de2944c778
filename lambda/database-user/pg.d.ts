/** The part of node-postgres (`pg`, no bundled types) the handler uses. */
declare module 'pg' {
  export interface ClientConfig {
    host: string;
    port: number;
    database: string;
    user: string;
    password: string;
    ssl: { rejectUnauthorized: boolean };
    connectionTimeoutMillis?: number;
  }
  export class Client {
    constructor(config: ClientConfig);
    connect(): Promise<void>;
    query(sql: string): Promise<unknown>;
    end(): Promise<void>;
  }
}
