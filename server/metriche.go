package server

import (
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
)

// metriche are the Prometheus series of the server. Every label has a
// bounded set of values: routes are the registered templates, fattispecie
// are those of the rules in use (anything else is "altro"), methods are
// the standard ones (anything else is "altro"), verdicts come from fixed
// lists.
type metriche struct {
	richieste    *prometheus.CounterVec
	durata       *prometheus.HistogramVec
	valutazioni  *prometheus.CounterVec
	ricaricament *prometheus.CounterVec
	regole       *prometheus.GaugeVec
}

func registraCollettoriStandard(reg *prometheus.Registry) {
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
}

func nuoveMetriche(reg prometheus.Registerer) (*metriche, error) {
	m := &metriche{
		richieste: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "lpu_http_richieste_totale",
			Help: "Richieste HTTP servite, per rotta, metodo e stato.",
		}, []string{"rotta", "metodo", "stato"}),
		durata: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "lpu_http_durata_secondi",
			Help:    "Durata delle richieste HTTP, per rotta.",
			Buckets: []float64{.0001, .00025, .0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1},
		}, []string{"rotta", "metodo"}),
		valutazioni: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "lpu_valutazioni_totale",
			Help: "Richieste valutate dal motore, per comando, fattispecie ed esito (ammissibile, non_ammissibile, da_verificare, valida, non_valida, conforme, con_violazioni, risposta, errore).",
		}, []string{"comando", "fattispecie", "esito"}),
		ricaricament: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "lpu_regole_ricaricamenti_totale",
			Help: "Ricaricamenti delle regole (SIGHUP), per esito.",
		}, []string{"esito"}),
		regole: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "lpu_regole_info",
			Help: "Le regole in uso (1 per l'hash corrente).",
		}, []string{"regole"}),
	}
	for _, c := range []prometheus.Collector{m.richieste, m.durata, m.valutazioni, m.ricaricament, m.regole} {
		if err := reg.Register(c); err != nil {
			return nil, err
		}
	}
	return m, nil
}

// metodoNoto is the method as a label or a log field: the methods of
// RFC 9110 and PATCH as they are, any other "altro" (as promhttp does),
// since a client may send any token of any length as a method.
func metodoNoto(m string) string {
	switch m {
	case http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch,
		http.MethodDelete, http.MethodOptions, http.MethodConnect, http.MethodTrace:
		return m
	}
	return "altro"
}

// osserva records one request; metodo is a metodoNoto.
func (m *metriche) osserva(rotta, metodo string, stato int, d time.Duration) {
	m.richieste.WithLabelValues(rotta, metodo, strconv.Itoa(stato)).Inc()
	m.durata.WithLabelValues(rotta, metodo).Observe(d.Seconds())
}

func (m *metriche) valutazione(comando, fattispecie, esito string) {
	m.valutazioni.WithLabelValues(comando, fattispecie, esito).Inc()
}

func (m *metriche) ricaricamento(esito string) { m.ricaricament.WithLabelValues(esito).Inc() }

func (m *metriche) regoleInUso(hash string) {
	m.regole.Reset()
	m.regole.WithLabelValues(hash).Set(1)
}
