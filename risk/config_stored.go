package risk

import (
	"reflect"

	"github.com/BurntSushi/toml"
)

// DecodeStoredConfig reads the configuration a run stored. It is
// DecodeConfig, except that a section an older version wrote differently
// (a key since renamed, retyped or dropped, such as tours.teams when it
// was a count) keeps its defaults instead of failing, so that every stored
// run stays readable. Only text that is not TOML is an error.
func DecodeStoredConfig(text string) (Config, error) {
	if c, err := DecodeConfig(text); err == nil {
		return c, nil
	}
	var raw map[string]toml.Primitive
	md, err := toml.Decode(text, &raw)
	if err != nil {
		return Config{}, err
	}
	c := DefaultConfig()
	v := reflect.ValueOf(&c).Elem()
	for i := range v.NumField() {
		prim, ok := raw[v.Type().Field(i).Tag.Get("toml")]
		if !ok {
			continue
		}
		section := reflect.New(v.Field(i).Type())
		section.Elem().Set(v.Field(i))
		if md.PrimitiveDecode(prim, section.Interface()) == nil {
			v.Field(i).Set(section.Elem())
		}
	}
	return c, nil
}
