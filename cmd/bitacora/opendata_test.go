package main

import "testing"

// The open data's licence and publisher come from the environment; an
// unknown licence needs its URL, and the default is CC BY 4.0.
func TestOpenDataConfiguration(t *testing.T) {
	cfg := defaultConfig()
	if l, err := cfg.licence(); err != nil || l.ID != "CC-BY-4.0" || l.URL != "https://creativecommons.org/licenses/by/4.0/" {
		t.Errorf("default licence %+v, %v", l, err)
	}
	env := map[string]string{"BITACORA_DATA_LICENSE": "ODbL-1.0", "BITACORA_DATA_ATTRIBUTION": "CEPAL",
		"BITACORA_PUBLISHER": "CEPAL", "BITACORA_IATI_PUBLISHER": "XM-DAC-41122"}
	cfg.fromEnv(func(k string) string { return env[k] })
	if l, err := cfg.licence(); err != nil || l.ID != "ODbL-1.0" || l.Attribution != "CEPAL" || cfg.Publisher != "CEPAL" || cfg.IATIPublisher != "XM-DAC-41122" {
		t.Errorf("from the environment: %+v, %v, %+v", l, err, cfg)
	}
	cfg.DataLicense = "LicenseRef-Ours"
	if _, err := cfg.licence(); err == nil {
		t.Error("an unknown licence without its URL was taken")
	}
	cfg.DataLicenseURL = "https://example.org/licence"
	if l, err := cfg.licence(); err != nil || l.URL != "https://example.org/licence" {
		t.Errorf("an unknown licence with its URL: %+v, %v", l, err)
	}
}
