// Every screen has a real URL.
import { createBrowserRouter } from "react-router";

import { AlbumsPage } from "./albums/AlbumsPage";
import { LoginPage } from "./auth/LoginPage";
import { EmptyState } from "./common/EmptyState";
import { Loading } from "./common/Loading";
import { RouteError } from "./common/RouteError";
import { strings } from "./common/strings";
import { PeoplePage } from "./people/PeoplePage";
import { PersonPage } from "./people/PersonPage";
import { PhotoPage } from "./photo/PhotoPage";
import { ProcessingPage } from "./processing/ProcessingPage";
import { SetupWizard } from "./setup/SetupWizard";
import { Shell } from "./shell/Shell";
import { TimelinePage } from "./timeline/TimelinePage";

export const router = createBrowserRouter([
  { path: "/login", element: <LoginPage />, errorElement: <RouteError /> },
  { path: "/setup", element: <SetupWizard />, errorElement: <RouteError /> },
  {
    path: "/",
    element: <Shell />,
    errorElement: <RouteError />,
    children: [
      {
        errorElement: <RouteError />,
        children: [
          { index: true, element: <TimelinePage /> },
          { path: "photos/:id", element: <PhotoPage /> },
          { path: "albums", element: <AlbumsPage /> },
          { path: "people", element: <PeoplePage /> },
          { path: "people/:id", element: <PersonPage /> },
          // Leaflet and the map's code load only here (a chunk of their own).
          {
            path: "map",
            hydrateFallbackElement: <Loading />,
            lazy: async () => ({ Component: (await import("./map/MapPage")).MapPage }),
          },
          { path: "processing", element: <ProcessingPage /> },
          // Loaded when first opened: not part of the JavaScript before the first thumbnails.
          { path: "settings", lazy: () => import("./settings/SettingsPage").then((m) => ({ Component: m.SettingsPage })) },
          { path: "*", element: <EmptyState title={strings.notFoundTitle}>{strings.notFoundText}</EmptyState> },
        ],
      },
    ],
  },
]);
