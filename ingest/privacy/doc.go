// Package privacy keeps personal data out of microrisk's database, its
// messages and its outputs: it holds the two ways a personal value is
// stored, and the key they depend on.
//
//   - Pseudonyms (Pseudonymizer): a person identifier (a resident ID) or a
//     bank account number is replaced by a keyed hash, HMAC-SHA256 with the
//     deployment's key. The same value always gets the same pseudonym, so
//     matching across ledgers (a payee in the register of the dead, payees
//     sharing an account) still works; without the key nothing can be
//     recovered or tested. The key's Fingerprint is stored with the data, so
//     that a load with another key, whose pseudonyms would never match, can
//     be refused.
//   - Masks: a person's name keeps its surname (MaskName), a counterparty's
//     name is masked only where it is a person's (MaskPartyName), and any
//     resident ID number found in other text — a name column, a record id,
//     a file name, a header, a reject, a log line — is shown as its first
//     four and last two characters (MaskIDs).
//
// Names are masked rather than pseudonymised: a name identifies nobody on
// its own (the analysis matches people by their pseudonymised identifiers
// and accounts, never by name), while "张**" still lets an analyst see
// that two records name the same family or that a payee is a company, and
// a name's few hundred thousand common values would make even a keyed hash
// easy to reverse for anyone holding the key.
//
// Which columns hold personal data, and how each is protected, is declared
// once, in model (model.Column.Personal).
package privacy
