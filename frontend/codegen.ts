import type { CodegenConfig } from '@graphql-codegen/cli';

// Types for every operation and fragment in src/, from the schema the service's SchemaSnapshotTest
// keeps in ../schema.graphql. `npm run codegen` rewrites src/gql/; `npm run codegen:check` (run by
// ./bin/test) fails when the committed files are stale.
const config: CodegenConfig = {
  schema: ['../schema.graphql', 'scalars.graphql'],
  documents: ['src/**/*.{ts,tsx}', '!src/gql/**/*'],
  ignoreNoDocuments: true,
  generates: {
    './src/gql/': {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: {
        useTypeImports: true,
        enumsAsTypes: true,
        scalars: { DateTime: 'string', BigInteger: 'number' },
      },
    },
  },
};

export default config;
