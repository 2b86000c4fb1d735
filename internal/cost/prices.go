// Package cost estimates the monthly AWS bill of a Terraform plan of these modules.
package cost

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"reflect"
	"sort"
	"strings"

	"terraform-basemachina-modules/internal/i18n"
)

//go:embed prices.json
var pricesJSON []byte

// RegionPrices are the unit prices of one region, in USD.
type RegionPrices struct {
	FargateVCPUHour         float64            `json:"fargate_vcpu_hour"`
	FargateGBHour           float64            `json:"fargate_gb_hour"`
	ALBHour                 float64            `json:"alb_hour"`
	ALBLCUHour              float64            `json:"alb_lcu_hour"`
	NATHour                 float64            `json:"nat_hour"`
	NATGB                   float64            `json:"nat_gb"`
	InterfaceEndpointAZHour float64            `json:"interface_endpoint_az_hour"`
	InterfaceEndpointGB     float64            `json:"interface_endpoint_gb"`
	PublicIPv4Hour          float64            `json:"public_ipv4_hour"`
	RDSInstanceHour         map[string]float64 `json:"rds_instance_hour"`
	RDSGP3GBMonth           float64            `json:"rds_gp3_gb_month"`
	ElastiCacheNodeHour     map[string]float64 `json:"elasticache_node_hour"`
	SecretMonth             float64            `json:"secret_month"`
	LogIngestGB             float64            `json:"log_ingest_gb"`
	LogStorageGBMonth       float64            `json:"log_storage_gb_month"`
	AlarmMetricMonth        float64            `json:"alarm_metric_month"`
	KMSKeyMonth             float64            `json:"kms_key_month"`
	Route53ZoneMonth        float64            `json:"route53_zone_month"`
	EC2InstanceHour         map[string]float64 `json:"ec2_instance_hour"`
	EBSGP3GBMonth           float64            `json:"ebs_gp3_gb_month"`
	// FargateSpotDiscount is the assumed share taken off the Fargate price for Spot tasks.
	FargateSpotDiscount float64 `json:"fargate_spot_discount"`

	// Note says where this region's figures come from, when that differs from the table's source.
	Note string `json:"note,omitempty"`
	// Notes mark single figures, keyed by the price's JSON name, that could not be read from AWS's
	// price pages for this region: each says "approximate: " and how the figure was derived, so
	// that no guessed price passes for a published one. An estimate lists the marked prices it used.
	Notes map[string]string `json:"notes,omitempty"`
}

// PriceTable is the whole price data file.
type PriceTable struct {
	Source        string                  `json:"source"`
	Date          string                  `json:"date"`
	HoursPerMonth float64                 `json:"hours_per_month"`
	Regions       map[string]RegionPrices `json:"regions"`
}

// Prices returns the embedded price table.
func Prices() PriceTable {
	var t PriceTable
	if err := json.Unmarshal(pricesJSON, &t); err != nil {
		panic(fmt.Sprintf("embedded prices.json is invalid: %v", err))
	}
	return t
}

// Region returns the prices of one region, or an error naming the regions that have prices.
func (t PriceTable) Region(name string) (RegionPrices, error) {
	p, ok := t.Regions[name]
	if !ok {
		return RegionPrices{}, i18n.Errorf("There are no prices for region %q; priced regions: %s.", name, strings.Join(t.RegionNames(), ", "))
	}
	return p, nil
}

// RegionNames lists the priced regions in order.
func (t PriceTable) RegionNames() []string {
	names := make([]string, 0, len(t.Regions))
	for n := range t.Regions {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// priceFields maps the JSON name of every price in RegionPrices to its field index. The row table
// names prices by these JSON names, the same names prices.json and its notes use, so one name
// means one price everywhere.
var priceFields = func() map[string]int {
	fields := map[string]int{}
	t := reflect.TypeFor[RegionPrices]()
	for i := range t.NumField() {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if f.Type.Kind() == reflect.Float64 || f.Type == reflect.TypeFor[map[string]float64]() {
			fields[name] = i
		}
	}
	return fields
}()

// PriceNames lists the JSON names of every price a region must have, in order.
func PriceNames() []string {
	names := make([]string, 0, len(priceFields))
	for n := range priceFields {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// price reads one price by its JSON name; for a price per instance class it reads the class.
// ok is false when the class has no price.
func (p RegionPrices) price(name, class string) (v float64, ok bool) {
	i, known := priceFields[name]
	if !known {
		// A row naming a price that does not exist is a programming error the row tests catch.
		panic(fmt.Sprintf("cost: no price named %q", name))
	}
	f := reflect.ValueOf(p).Field(i)
	if f.Kind() == reflect.Float64 {
		return f.Float(), true
	}
	m := f.Interface().(map[string]float64)
	v, ok = m[class]
	return v, ok
}
