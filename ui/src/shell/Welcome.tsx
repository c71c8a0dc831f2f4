import { LuBrainCircuit } from 'react-icons/lu';

export function Welcome() {
  return (
    <section className="mx-auto flex max-w-xl flex-col items-center gap-3 px-6 py-16 text-center">
      <LuBrainCircuit aria-hidden className="h-10 w-10 text-profile" />
      <h1 className="text-xl font-semibold">Chat with Amazon Bedrock</h1>
      <p className="text-sm text-muted">
        Strata lists foundation models, cross-region profiles and your Application Inference Profiles, so that
        every conversation is billed to the project or department it belongs to.
      </p>
    </section>
  );
}
