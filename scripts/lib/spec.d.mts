export declare function loadSpec(file?: string): any;
export declare function declaredResponses(doc?: any): string[];
export declare function stringifySpec(doc: unknown): string;
