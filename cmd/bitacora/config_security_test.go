package main

import "testing"

func TestTrustedProxies(t *testing.T) {
	cfg := defaultConfig()
	if list, err := cfg.trustedProxies(); err != nil || len(list) != 0 {
		t.Fatalf("by default no proxy is trusted: %v %v", list, err)
	}
	cfg.fromEnv(func(k string) string {
		return map[string]string{"BITACORA_TRUSTED_PROXIES": "10.1.2.3/8, 192.0.2.7 ,2001:db8::/32,::ffff:198.51.100.1"}[k]
	})
	list, err := cfg.trustedProxies()
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"10.0.0.0/8", "192.0.2.7/32", "2001:db8::/32", "198.51.100.1/32"}
	if len(list) != len(want) {
		t.Fatalf("parsed %v; want %v", list, want)
	}
	for i := range want {
		if list[i].String() != want[i] {
			t.Errorf("proxy %d = %s; want %s", i, list[i], want[i])
		}
	}
	cfg.TrustedProxies = "10.0.0.0/8, proxy.example"
	if _, err := cfg.trustedProxies(); err == nil {
		t.Error("a host name was accepted as a trusted proxy")
	}
}

// The API's limits: 60/min anonymous and 600/min with a token by default,
// set by BITACORA_API_RATE and BITACORA_API_TOKEN_RATE (0: none, as the
// load benchmarks run), a malformed one refused.
func TestAPIRates(t *testing.T) {
	cfg := defaultConfig()
	anon, tok, err := cfg.apiRates()
	if err != nil || anon.String() != "60/min" || tok.String() != "600/min" {
		t.Fatalf("defaults: %v %v %v", anon, tok, err)
	}
	cfg.fromEnv(func(k string) string {
		return map[string]string{"BITACORA_API_RATE": "0", "BITACORA_API_TOKEN_RATE": "20/s"}[k]
	})
	anon, tok, err = cfg.apiRates()
	if err != nil || !anon.Off() || tok.String() != "20/s" {
		t.Errorf("from the environment: %v %v %v", anon, tok, err)
	}
	cfg.APIRate = "lots"
	if _, _, err := cfg.apiRates(); err == nil {
		t.Error("a malformed rate was accepted")
	}
}
