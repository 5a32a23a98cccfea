package letters

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
)

// maxFileName bounds the length of a name FileName returns, in bytes,
// well under the 255 bytes file systems allow, leaving room for a folder's
// prefix and an extension in a ZIP archive.
const maxFileName = 120

// FileName returns a safe base name, without extension, for the letter to
// the unit with the given id: letters/<name>.html and letters/<name>.docx.
// The name is stable (the same id gives the same name in every run) and
// distinct ids give distinct names, even on file systems that ignore case:
// lower-case ASCII letters, digits and '-' are kept, and every other byte
// becomes '_' and two lower-case hex digits ("510183101001" stays as it is;
// "A/1" becomes "_41_2f1"). The name never holds a path separator, a dot,
// white space or a control character; a name that Windows reserves for a
// device (con, nul, com1…) has its last letter encoded too; an empty id
// gives "_". A name that would be longer than 120 bytes is cut and ends
// with 16 hex digits of the id's SHA-256.
func FileName(unitID string) string {
	if unitID == "" {
		return "_"
	}
	const hexDigits = "0123456789abcdef"
	var b strings.Builder
	for i := 0; i < len(unitID); i++ {
		c := unitID[i]
		if c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('_')
		b.WriteByte(hexDigits[c>>4])
		b.WriteByte(hexDigits[c&0xf])
	}
	name := b.String()
	if reservedOnWindows(name) {
		last := name[len(name)-1]
		name = name[:len(name)-1] + "_" + string(hexDigits[last>>4]) + string(hexDigits[last&0xf])
	}
	if len(name) > maxFileName {
		sum := sha256.Sum256([]byte(unitID))
		name = name[:maxFileName-17] + "-" + hex.EncodeToString(sum[:8])
	}
	return name
}

// reservedOnWindows reports whether name (lower-case letters and digits)
// is a device name Windows reserves whatever the extension.
func reservedOnWindows(name string) bool {
	switch name {
	case "con", "prn", "aux", "nul":
		return true
	}
	if len(name) == 4 && (name[:3] == "com" || name[:3] == "lpt") && name[3] >= '0' && name[3] <= '9' {
		return true
	}
	return false
}
