import { useId, useState, type FormEvent } from 'react';
import { useSearchParams } from '../../../app/router.tsx';
import { describeError } from '../../../api/api-error.ts';
import '../../../ui/identity.css';
import { useDecideDevice } from '../api/decide-device.ts';
import { useLookUpDevice } from '../api/look-up-device.ts';

/** Where a person signs in a device (Figma plugin, CLI): enter the code it shows, check which device it is, approve. */
export function DevicePage() {
  const [searchParams] = useSearchParams();
  const [code, setCode] = useState(searchParams.get('user_code') ?? '');
  const codeId = useId();
  const lookup = useLookUpDevice();
  const decision = useDecideDevice();
  const decide = (approve: boolean) => decision.mutate({ userCode: lookup.data!.user_code, approve });

  const [missing, setMissing] = useState(false);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    decision.reset();
    setMissing(code.trim() === '');
    if (code.trim() !== '') lookup.mutate(code);
  };

  if (decision.isSuccess) {
    return (
      <main className="page identity-page">
        <h1>{decision.data ? 'Device signed in' : 'Sign-in declined'}</h1>
        <p role="status">
          {decision.data
            ? `${lookup.data!.client_name} can now use Brandgen as you. You can close this tab; revoke the device any time under API tokens.`
            : `${lookup.data!.client_name} was not signed in.`}
        </p>
      </main>
    );
  }

  return (
    <main className="page identity-page">
      <h1>Sign in a device</h1>
      <form className="identity-card" onSubmit={submit} noValidate>
        <label htmlFor={codeId}>Code shown on your device</label>
        <input
          id={codeId}
          className="device-code-input"
          value={code}
          onChange={(event) => setCode(event.target.value.toUpperCase())}
          placeholder="BCDF-GHJK"
          autoComplete="one-time-code"
          autoCapitalize="characters"
          spellCheck={false}
          aria-invalid={missing || undefined}
        />
        <button type="submit" className="button button-primary" disabled={lookup.isPending}>
          {lookup.isPending ? 'Checking…' : 'Continue'}
        </button>
        {missing && (
          <p className="field-error" role="alert">
            Enter the code your device shows, like BCDF-GHJK.
          </p>
        )}
        {lookup.isError && (
          <p className="field-error" role="alert">
            {describeError(lookup.error)}
          </p>
        )}
      </form>
      {lookup.data && (
        <section className="identity-card" aria-labelledby="device-confirm-title">
          <h2 id="device-confirm-title">Allow {lookup.data.client_name} to use Brandgen as you?</h2>
          <p>Only continue if you started this sign-in yourself and your device shows {lookup.data.user_code}.</p>
          <div className="identity-actions">
            <button type="button" className="button button-primary" onClick={() => decide(true)} disabled={decision.isPending}>
              Allow
            </button>
            <button type="button" className="button button-secondary" onClick={() => decide(false)} disabled={decision.isPending}>
              Deny
            </button>
          </div>
          {decision.isError && (
            <p className="field-error" role="alert">
              {describeError(decision.error)}
            </p>
          )}
        </section>
      )}
    </main>
  );
}
