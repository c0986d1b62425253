package indicatorfile

import (
	"strings"

	"github.com/elac/bitacora"
	"github.com/elac/bitacora/countries"
)

// aggregateCodes are the World Bank's codes for regions, income and
// lending groups and the world, as its files and API write them beside
// the countries. LCN (Latin America & Caribbean) is the regional line.
var aggregateCodes = map[string]bool{}

func init() {
	for _, c := range strings.Fields(`AFE AFW ARB CEB CSS EAP EAR EAS ECA ECS EMU EUU FCS HIC HPC IBD IBT IDA IDB IDX INX LAC LCN
		LDC LIC LMC LMY LTE MEA MIC MNA NAC OED OSS PRE PSS PST SAS SSA SSF SST TEA TEC TLA TMN TSA TSS UMC WLD`) {
		aggregateCodes[c] = true
	}
}

// nonISO are economies the World Bank codes outside ISO 3166-1 (Kosovo,
// the Channel Islands): real places that are not ECLAC members, skipped.
var nonISO = map[string]bool{"XKX": true, "CHI": true}

// aggregateNames are names of aggregates a file may give without a code
// (Our World in Data writes its regions so), folded by nameKey, with the
// code they are kept under: the names of Latin America and the Caribbean
// are the regional line, LCN.
var aggregateNames = map[string]string{}

func init() {
	for code, names := range map[string][]string{
		bitacora.RegionalAggregate: {"Latin America and the Caribbean", "Latin America & Caribbean", "Latin America and Caribbean",
			"Latin America and Caribbean (WB)", "Latin America & the Caribbean", "América Latina y el Caribe", "Latinoamérica y el Caribe",
			"América Latina e Caribe", "Amérique latine et Caraïbes"},
		"WLD": {"World", "Mundo", "Monde"},
		"HIC": {"High income", "High-income countries", "Ingreso alto"},
		"UMC": {"Upper middle income", "Upper-middle-income countries", "Ingreso mediano alto"},
		"LMC": {"Lower middle income", "Lower-middle-income countries", "Ingreso mediano bajo"},
		"LIC": {"Low income", "Low-income countries", "Ingreso bajo"},
	} {
		for _, n := range names {
			aggregateNames[nameKey(n)] = code
		}
	}
}

// countryNames are the countries' names a file may give without a code:
// ISO's English short names, and the members' names in the four
// languages.
var countryNames = map[string]countries.Country{}

func init() {
	for _, c := range countries.All() {
		countryNames[nameKey(c.Name)] = c
		for _, ns := range c.Names {
			for _, n := range ns {
				countryNames[nameKey(n)] = c
			}
		}
	}
}

// nameKey folds a name for lookup: lower case, no accents, "&" as "and",
// single spaces.
func nameKey(s string) string {
	s = bitacora.FoldAccents(strings.ToLower(s))
	s = strings.ReplaceAll(s, "&", " and ")
	return strings.Join(strings.Fields(s), " ")
}
