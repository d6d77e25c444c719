// Short names for the schema's types that features use.
import type { components } from "./schema";

type Schemas = components["schemas"];

export type Me = Schemas["MeOut"];
export type Library = Schemas["LibraryOut"];
export type SetupIn = Schemas["SetupIn"];
export type PhotoItem = Schemas["PhotoItem"];
export type PhotoDetail = Schemas["PhotoDetail"];
export type MonthCount = Schemas["MonthCount"];
export type Suggestion = Schemas["SuggestionOut"];
export type PhotoTag = Schemas["PhotoTagOut"];
export type PhotoFile = Schemas["PhotoFileOut"];
export type PhotoPatch = Schemas["PhotoPatch"];
export type PhotoPage = Schemas["PhotoPage"];
export type FacePatch = Schemas["FacePatch"];
export type Person = Schemas["PersonOut"];
