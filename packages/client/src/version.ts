/** This package's version, sent in the default `User-Agent` (a test keeps it equal to package.json's). */
export const VERSION = "0.0.0";
