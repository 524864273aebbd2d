/**
 * Globals of UXP's JavaScript that neither @adobe/cc-ext-uxp-types nor the
 * ES lib declare. Only tsconfig.uxp.json includes this file: @types/node
 * declares `require` differently, and the two must never meet.
 */
declare function require(id: 'photoshop'): typeof import('photoshop');
declare function require(id: 'uxp'): typeof import('uxp');
declare function require(id: string): unknown;
