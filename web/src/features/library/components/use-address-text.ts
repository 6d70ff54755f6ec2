import { useEffect, useRef, useState } from 'react';

/**
 * A text field whose value lives in the address, such as History's search. The field shows each keystroke at once
 * and the address follows: the router commits address changes in a transition, and a controlled input bound straight
 * to the address shows the last committed value, so fast typing could drop characters. A change of address made
 * elsewhere (Back, a link) still reaches the field.
 */
export function useAddressText(fromAddress: string, writeToAddress: (text: string) => void): [string, (text: string) => void] {
  const [text, setText] = useState(fromAddress);
  const typed = useRef({ values: new Set<string>(), latest: fromAddress });

  useEffect(() => {
    const { values, latest } = typed.current;
    if (values.has(fromAddress)) {
      // The address caught up with what was typed: later changes to it come from elsewhere.
      if (fromAddress === latest) values.clear();
      return;
    }
    typed.current.latest = fromAddress;
    setText(fromAddress);
  }, [fromAddress]);

  const change = (next: string) => {
    typed.current.values.add(next);
    typed.current.latest = next;
    setText(next);
    writeToAddress(next);
  };
  return [text, change];
}
