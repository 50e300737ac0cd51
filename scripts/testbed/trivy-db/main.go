// Command trivy-db-gen writes a small synthetic Trivy vulnerability DB (schema 2) from a JSON spec.
//
// Usage: trivy-db-gen SPEC.json OUT/trivy.db
//
// Bucket layout (what Trivy 0.44 reads):
//
//	"<os> <version>"/<source package>/<vuln id> -> {"FixedVersion": "..."}
//	vulnerability/<vuln id>                     -> {Title, Severity, VendorSeverity, CVSS, ...}
//	data-source/"<os> <version>"                -> {ID, Name, URL}
package main

import (
	"encoding/json"
	"fmt"
	"os"

	bolt "go.etcd.io/bbolt"
)

type advisory struct {
	Bucket       string `json:"bucket"`
	Package      string `json:"package"`
	ID           string `json:"id"`
	FixedVersion string `json:"fixedVersion"`
}

type spec struct {
	DataSources     map[string]json.RawMessage `json:"dataSources"`
	Advisories      []advisory                 `json:"advisories"`
	Vulnerabilities map[string]json.RawMessage `json:"vulnerabilities"`
}

func main() {
	if len(os.Args) != 3 {
		fail(fmt.Errorf("usage: %s SPEC.json OUT.db", os.Args[0]))
	}
	raw, err := os.ReadFile(os.Args[1])
	if err != nil {
		fail(err)
	}
	var s spec
	if err := json.Unmarshal(raw, &s); err != nil {
		fail(fmt.Errorf("%s: %w", os.Args[1], err))
	}
	// A fresh file every time: bbolt would otherwise keep stale buckets.
	_ = os.Remove(os.Args[2])
	db, err := bolt.Open(os.Args[2], 0o644, nil)
	if err != nil {
		fail(err)
	}
	defer db.Close()
	if err := db.Update(func(tx *bolt.Tx) error { return write(tx, s) }); err != nil {
		fail(err)
	}
}

func write(tx *bolt.Tx, s spec) error {
	sources, err := tx.CreateBucketIfNotExists([]byte("data-source"))
	if err != nil {
		return err
	}
	for bucket, source := range s.DataSources {
		if err := sources.Put([]byte(bucket), source); err != nil {
			return err
		}
	}
	for _, a := range s.Advisories {
		if _, ok := s.Vulnerabilities[a.ID]; !ok {
			return fmt.Errorf("advisory %s/%s names %s, which has no vulnerability entry", a.Bucket, a.Package, a.ID)
		}
		root, err := tx.CreateBucketIfNotExists([]byte(a.Bucket))
		if err != nil {
			return err
		}
		pkg, err := root.CreateBucketIfNotExists([]byte(a.Package))
		if err != nil {
			return err
		}
		// An empty FixedVersion is how Trivy marks a vulnerability without a fix ("affected").
		value := map[string]string{}
		if a.FixedVersion != "" {
			value["FixedVersion"] = a.FixedVersion
		}
		encoded, err := json.Marshal(value)
		if err != nil {
			return err
		}
		if err := pkg.Put([]byte(a.ID), encoded); err != nil {
			return err
		}
	}
	vulns, err := tx.CreateBucketIfNotExists([]byte("vulnerability"))
	if err != nil {
		return err
	}
	for id, detail := range s.Vulnerabilities {
		if err := vulns.Put([]byte(id), detail); err != nil {
			return err
		}
	}
	return nil
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "trivy-db-gen:", err)
	os.Exit(1)
}
