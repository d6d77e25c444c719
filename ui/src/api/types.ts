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
