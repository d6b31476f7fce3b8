import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import { adjacencyGraphs, dictionary } from '@zxcvbn-ts/language-common';

/**
 * NIST SP 800-63B §3.1.1.2: a new password is compared against passwords known from breaches
 * and common choices, repetitive or sequential characters ("aaaaaaaaaaaa", "123456789012") and
 * words of the service or the person — and nothing else: no composition rules (a digit, a
 * capital), no expiry. zxcvbn-ts estimates how many guesses the password takes with the
 * maintained common-password list of @zxcvbn-ts/language-common (passwords from breaches) and
 * keyboard patterns; fewer than 10^8 guesses (its score below 3) is refused.
 */
const MIN_SCORE = 3;

// The service's own words: a password made of them is guessed first.
const SERVICE_WORDS = ['weerbaar', 'gemeente', 'wachtwoord', 'agressie', 'geweld', 'raadslid', 'burgemeester'];

let factory: ZxcvbnFactory | undefined;

/** Built on first use: ranking the dictionaries takes a moment that start-up need not pay. */
function estimator(): ZxcvbnFactory {
  factory ??= new ZxcvbnFactory({ dictionary, graphs: adjacencyGraphs });
  return factory;
}

/** Whether a password is too easy to guess; `context` adds the person's own words (name, e-mail). */
export function isGuessablePassword(password: string, context: readonly string[] = []): boolean {
  const personal = context.flatMap((value) => value.toLowerCase().split(/[^\p{L}\p{N}]+/u)).filter((word) => word.length >= 3);
  return estimator().check(password, [...SERVICE_WORDS, ...personal]).score < MIN_SCORE;
}
