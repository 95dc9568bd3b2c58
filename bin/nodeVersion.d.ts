// Types of bin/nodeVersion.js, for the TypeScript tests that import it.
export declare const nodeVersionMin: string;
export declare const nodeVersionRecommended: string;
export declare function nodeVersionProblem(version: string, execPath?: string): string | undefined;
