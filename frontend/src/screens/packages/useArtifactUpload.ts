import { useCallback, useState } from 'react';
import { useMutation } from '@apollo/client/react';
import { graphql } from '../../gql';
import { sendFile, sha256Hex } from './upload';

export const RequestArtifactUploadMutation = graphql(`
  mutation RequestArtifactUpload($input: RequestArtifactUploadInput!) {
    requestArtifactUpload(input: $input) {
      alreadyStored
      fileName
      sha256
      key
      method
      url
      headers {
        name
        value
      }
    }
  }
`);

export interface UploadState {
  fileName: string;
  phase: 'hashing' | 'uploading' | 'stored';
  percent: number;
}

/**
 * Puts a file into the artifact store: hash it here, ask the service for a presigned upload, and
 * send the bytes straight to the store (never through the service), unless it has them already.
 */
export function useArtifactUpload() {
  const [request] = useMutation(RequestArtifactUploadMutation);
  const [state, setState] = useState<UploadState | null>(null);
  const upload = useCallback(
    async (file: File, fileName: string): Promise<{ fileName: string; sha256: string }> => {
      setState({ fileName, phase: 'hashing', percent: 0 });
      const sha256 = await sha256Hex(file);
      const { data } = await request({ variables: { input: { fileName, sha256, size: file.size } } });
      const ticket = data?.requestArtifactUpload;
      if (!ticket) {
        throw new Error('The service gave no upload address.');
      }
      if (!ticket.alreadyStored) {
        if (!ticket.url || !ticket.method) {
          throw new Error('The service gave no upload address.');
        }
        setState({ fileName, phase: 'uploading', percent: 0 });
        await sendFile({ url: ticket.url, method: ticket.method, headers: ticket.headers }, file, (progress) =>
          setState({ fileName, phase: 'uploading', percent: progress.percent }),
        );
      }
      setState({ fileName, phase: 'stored', percent: 100 });
      return { fileName, sha256: ticket.sha256 };
    },
    [request],
  );
  return { upload, state, reset: () => setState(null) };
}
