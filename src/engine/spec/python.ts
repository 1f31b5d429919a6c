// Values written the way Python's repr writes them, for printouts that match
// PyTorch's character for character.

/**
 * A number as Python's `repr(float)` writes it: `1e-05`, `0.1`, `2.0`.
 * Spec numbers carry no int/float distinction, so hyperparameters PyTorch
 * stores as floats are always written as floats (Dropout(0) prints `p=0.0`,
 * where PyTorch would echo the int `0` it was given).
 */
export function pythonFloat(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const sign = x < 0 ? '-' : '';
  // toExponential() with no argument gives the shortest round-trip digits, as Python's repr does.
  const [mantissa = '', exponent = '0'] = Math.abs(x).toExponential().split('e');
  const digits = mantissa.replace('.', '');
  const exp = Number(exponent);
  if (exp < -4 || exp >= 16) {
    const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    return `${sign}${m}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  }
  if (exp < 0) return `${sign}0.${'0'.repeat(-exp - 1)}${digits}`;
  const whole = digits.slice(0, exp + 1).padEnd(exp + 1, '0');
  return `${sign}${whole}.${digits.slice(exp + 1) || '0'}`;
}

export const pythonBool = (b: boolean): string => (b ? 'True' : 'False');
