import { X } from "lucide-react";
import { useEffect, useRef, useState } from "react";

import type { components } from "../api/schema";
import { ErrorMessage } from "../common/ErrorMessage";
import { Loading } from "../common/Loading";
import { useFacets, withoutRanges, type RangeKey } from "./facets";
import { hasTerm, quote, setTerm, termFor, toggleTerm, valueOf, type NameKind } from "./query";
import { RangeSlider } from "./RangeSlider";
import { chosenRange, numericScale } from "./ranges";
import { strings } from "./strings";

type Facets = components["schemas"]["FacetsOut"];
type Props = { library: string; q: string; onSearch: (q: string) => void; onClose: () => void };

/** Facet groups of tags in the order the panel shows them, with the kind of term each writes. */
const TAG_GROUPS: [keyof Facets["tags"], NameKind][] = [
  ["generic", "tag"],
  ["object", "object"],
  ["location", "place"],
  ["color", "color"],
  ["style", "style"],
  ["event", "event"],
  ["people", "person"],
  ["album", "album"],
];
const MODES = [
  ["metering_modes", "meteringMode"],
  ["drive_modes", "driveMode"],
  ["shooting_modes", "shootingMode"],
] as const;
const SHOWN_AT_FIRST = 10;
const MAX_EXPOSURES = 50; // the server's limit of values in one exposure: term

/**
 * The filter panel: what the photos of the query have (the facets, counted for the query), each a
 * toggle that adds its term to the query or takes it out; range sliders for aperture, exposure, ISO,
 * focal length and rating (bounded by the query without its ranges, so a range can be widened
 * again); flash and modes. Everything it does is a change of `q`, so the URL holds all of it.
 */
export default function FilterPanel({ library, q, onSearch, onClose }: Props) {
  const facets = useFacets(library, q);
  const bounds = useFacets(library, withoutRanges(q));
  const ref = useRef<HTMLElement>(null);
  useEffect(() => ref.current?.focus(), []);

  let body;
  if (facets.error ?? bounds.error) {
    body = <ErrorMessage error={(facets.error ?? bounds.error)!} onRetry={() => void Promise.all([facets.refetch(), bounds.refetch()])} />;
  } else if (!facets.data || !bounds.data) {
    body = <Loading />;
  } else {
    body = <Filters facets={facets.data} bounds={bounds.data} q={q} onSearch={onSearch} />;
  }
  return (
    <aside
      ref={ref}
      className="filter-panel"
      aria-label={strings.filters}
      tabIndex={-1}
      onKeyDown={(event) => {
        if (event.key === "Escape") {
          event.stopPropagation();
          onClose();
        }
      }}
    >
      <div className="filter-head">
        <h2>{strings.filters}</h2>
        <button type="button" className="icon" aria-label={strings.closeFilters} onClick={onClose}>
          <X aria-hidden="true" />
        </button>
      </div>
      {body}
    </aside>
  );
}

function Filters({ facets, bounds, q, onSearch }: { facets: Facets; bounds: Facets; q: string; onSearch: (q: string) => void }) {
  const toggle = (term: string) => onSearch(toggleTerm(q, term));
  const only = (key: string, term: string) => onSearch(setTerm(q, key, hasTerm(q, term) ? null : term));
  const named = (kind: NameKind, items: { id: string; name: string; count: number; hex?: string | null; parent_id?: string | null }[]) =>
    items.map((item) => ({ ...item, term: termFor(kind, item.name, item.id) }));

  return (
    <div className="filters">
      <Ranges facets={bounds} q={q} onSearch={onSearch} />
      <section>
        <h3>{strings.flash}</h3>
        <div className="toggles">
          {(["on", "off"] as const).map((value) => (
            <Toggle
              key={value}
              label={value === "on" ? strings.flashOn : strings.flashOff}
              count={facets.flash[value]}
              pressed={hasTerm(q, `flash:${value}`)}
              onClick={() => only("flash", `flash:${value}`)}
            />
          ))}
        </div>
      </section>
      {TAG_GROUPS.map(([group, kind]) =>
        group === "location" ? (
          <Places key={group} tags={named(kind, facets.tags.location)} q={q} toggle={toggle} />
        ) : (
          <Group key={group} title={strings.facetGroups[group]} items={named(kind, facets.tags[group])} q={q} toggle={toggle} />
        ),
      )}
      <Group title={strings.facetGroups.cameras} items={named("camera", facets.cameras)} q={q} toggle={toggle} />
      <Group title={strings.facetGroups.lenses} items={named("lens", facets.lenses)} q={q} toggle={toggle} />
      {MODES.map(([facet, key]) => (
        <Group
          key={key}
          title={strings.modes[key]}
          items={facets[facet].map((mode) => ({ id: mode.value, name: mode.value, count: mode.count, term: `${key}:${quote(mode.value)}` }))}
          q={q}
          toggle={(term) => only(key, term)}
        />
      ))}
    </div>
  );
}

type Item = { id: string; name: string; count: number; term: string; hex?: string | null; parent_id?: string | null };

function Toggle({ label, count, pressed, onClick, hex }: { label: string; count: number; pressed: boolean; onClick: () => void; hex?: string | null }) {
  return (
    <button type="button" className="facet" aria-pressed={pressed} onClick={onClick}>
      {hex && <span className="swatch" style={{ backgroundColor: hex }} aria-hidden="true" />}
      <span className="facet-name">{label}</span>
      <span className="muted">{strings.count(count)}</span>
    </button>
  );
}

function Group({ title, items, q, toggle }: { title: string; items: Item[]; q: string; toggle: (term: string) => void }) {
  const [all, setAll] = useState(false);
  if (!items.length) return null;
  const shown = all ? items : items.slice(0, SHOWN_AT_FIRST);
  return (
    <section>
      <h3>{title}</h3>
      <div className="toggles">
        {shown.map((item) => (
          <Toggle key={item.id} label={item.name} count={item.count} hex={item.hex} pressed={hasTerm(q, item.term)} onClick={() => toggle(item.term)} />
        ))}
      </div>
      {items.length > SHOWN_AT_FIRST && (
        <button type="button" className="link-button" onClick={() => setAll(!all)}>
          {all ? strings.showFewer : strings.showAll(items.length)}
        </button>
      )}
    </section>
  );
}

/** Places as a hierarchy: each country, then its cities under it. */
function Places({ tags, q, toggle }: { tags: Item[]; q: string; toggle: (term: string) => void }) {
  const ids = new Set(tags.map((t) => t.id));
  const ordered = tags
    .filter((t) => !t.parent_id || !ids.has(t.parent_id))
    .flatMap((root) => [root, ...tags.filter((t) => t.parent_id === root.id).map((t) => ({ ...t, name: `${root.name} › ${t.name}` }))]);
  return <Group title={strings.facetGroups.location} items={ordered} q={q} toggle={toggle} />;
}

const RANGE_STEP: Record<Exclude<RangeKey, "exposure">, number> = { aperture: 0.1, focalLength: 1, isoSpeed: 1, rating: 1 };

function Ranges({ facets, q, onSearch }: { facets: Facets; q: string; onSearch: (q: string) => void }) {
  const [tooMany, setTooMany] = useState(false);
  const numbers = {
    aperture: facets.aperture,
    focalLength: facets.focal_length,
    isoSpeed: facets.iso_speed,
    rating: { min: 0, max: 5 },
  };

  const numberSlider = (key: keyof typeof numbers) => {
    const { min, max } = numbers[key];
    if (min === null || max === null || min === max) return null;
    const scale = numericScale(min, max, RANGE_STEP[key]);
    const chosen = chosenRange(valueOf(q, key), scale.position);
    return (
      <RangeSlider
        key={key}
        label={strings.ranges[key]}
        steps={scale.steps}
        format={(p) => String(scale.value(p))}
        chosen={chosen}
        onChange={(range) => onSearch(setTerm(q, key, range && `${key}:${scale.value(range[0])}-${scale.value(range[1])}`))}
      />
    );
  };

  // Exposure times are a list of values (shortest first), each a position of the slider.
  const exposures = facets.exposure.values.map((e) => e.value);
  const chosenExposures = (valueOf(q, "exposure") ?? "").split("-").map((v) => exposures.indexOf(v)).filter((i) => i >= 0);
  const exposureSlider = exposures.length > 1 && (
    <RangeSlider
      key="exposure"
      label={strings.ranges.exposure}
      steps={exposures.length - 1}
      format={(p) => exposures[p] ?? ""}
      chosen={chosenExposures.length ? [Math.min(...chosenExposures), Math.max(...chosenExposures)] : null}
      onChange={(range) => {
        const values = range ? exposures.slice(range[0], range[1] + 1) : [];
        setTooMany(values.length > MAX_EXPOSURES);
        if (values.length <= MAX_EXPOSURES) onSearch(setTerm(q, "exposure", range && `exposure:${values.join("-")}`));
      }}
    />
  );

  return (
    <section className="ranges">
      {numberSlider("aperture")}
      {exposureSlider}
      {tooMany && <p className="hint">{strings.tooManyExposures(MAX_EXPOSURES)}</p>}
      {numberSlider("isoSpeed")}
      {numberSlider("focalLength")}
      {numberSlider("rating")}
    </section>
  );
}
