package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"

	"github.com/lpu-it/lpu/lpu"
	"github.com/lpu-it/lpu/server"
)

func init() {
	registra("serve", comando{
		uso: "serve [--addr HOST:PORT] [--rules DIR] [--log LIVELLO] [--gogc N]: il server HTTP (API JSON e calcolatore web); SIGHUP ricarica le regole",
		run: serve,
	})
}

// gogcServer is the server's GC target when neither $GOGC nor --gogc
// says otherwise, limiteMemoriaServer its soft memory limit when
// $GOMEMLIMIT does not set one.
const (
	gogcServer          = 400
	limiteMemoriaServer = 512 << 20
)

func serve(args []string, _ io.Reader, stdout, stderr io.Writer) int {
	fl := flag.NewFlagSet("serve", flag.ContinueOnError)
	predef := os.Getenv("LPU_ADDR")
	if predef == "" {
		predef = "localhost:8080"
	}
	addr := fl.String("addr", predef, "indirizzo di ascolto HOST:PORT (predefinito $LPU_ADDR o localhost:8080)")
	dir := fl.String("rules", "", "cartella di regole sovrapposte a quelle incorporate (ricaricata con SIGHUP)")
	livello := fl.String("log", "info", "livello dei log: debug, info, warn, error")
	gogc := fl.Int("gogc", 0, fmt.Sprintf("obiettivo del garbage collector, come GOGC (predefinito $GOGC o %d)", gogcServer))
	if stato, ok := opzioni(fl, args, "uso: lpu serve [--addr HOST:PORT] [--rules DIR] [--log LIVELLO] [--gogc N]", stderr); !ok {
		return stato
	}
	if *gogc < 0 || *gogc > 10000 {
		fmt.Fprintf(stderr, "lpu serve: --gogc fuori intervallo (1-10000): %d\n", *gogc)
		return 2
	}
	var lv slog.Level
	if err := lv.UnmarshalText([]byte(*livello)); err != nil {
		fmt.Fprintf(stderr, "lpu serve: livello di log non valido: «%s»\n", *livello)
		return 2
	}
	if err := cartellaRegole(*dir); err != nil {
		fmt.Fprintln(stderr, "lpu serve:", err)
		return 2
	}
	log := slog.New(slog.NewJSONHandler(stderr, &slog.HandlerOptions{Level: lv}))
	// The server's live heap is small (the rules, ~11 MB) and a calcolo
	// allocates ~8 KB more than a /healthz: with Go's default GOGC=100
	// the collector ran dozens of times a second under load, an eighth of
	// the server's CPU. As lpu lotto does, the server collects at five
	// times the live heap (~25 MB more memory, for ~15-25% more
	// requests a second: README, Prestazioni), within a soft memory
	// limit, so that many large requests at once make the collector work
	// harder rather than the heap grow fivefold. $GOGC and $GOMEMLIMIT,
	// when set, or --gogc decide instead.
	switch {
	case *gogc > 0:
		defer debug.SetGCPercent(debug.SetGCPercent(*gogc))
	case os.Getenv("GOGC") == "":
		defer debug.SetGCPercent(debug.SetGCPercent(gogcServer))
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		defer debug.SetMemoryLimit(debug.SetMemoryLimit(limiteMemoriaServer))
	}
	carica := func() (*lpu.Engine, error) {
		// (the folder may have gone since the start: its rules are not
		// dropped for the embedded ones alone)
		if err := cartellaRegole(*dir); err != nil {
			return nil, fmt.Errorf("lpu: %w: restano in uso le regole precedenti", err)
		}
		e, _, err := caricaRegole(*dir)
		return e, err
	}
	e, err := carica()
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	srv, err := server.New(e, server.Opzioni{Log: log})
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	defer signal.Stop(hup)
	go func() {
		for {
			select {
			case <-hup:
				// Ricarica ends within its timeout, stuck load or not:
				// SIGHUPs that arrive meanwhile wait in hup (one is
				// enough: they ask for the same reload) and are served
				// after it.
				log.Info("SIGHUP: ricarico le regole", "cartella", *dir != "")
				_ = srv.Ricarica(carica) // a failure is logged and shown by /healthz
			case <-ctx.Done():
				return
			}
		}
	}()
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		fmt.Fprintln(stderr, "lpu serve:", err)
		return 1
	}
	// The address as given (localhost reads better), or the one bound when
	// the kernel picked the port (--addr 127.0.0.1:0).
	indirizzo := *addr
	if _, porta, err := net.SplitHostPort(*addr); err != nil || porta == "0" {
		indirizzo = ln.Addr().String()
	}
	fmt.Fprintf(stdout, "lpu: calcolatore su http://%s (Ctrl+C per fermare)\n", indirizzo)
	if err := srv.Servi(ctx, ln); err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	return 0
}
