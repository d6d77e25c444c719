// Every screen has a real URL. Screens that are not built yet say so (common/NotBuilt).
import { createBrowserRouter } from "react-router";

import { LoginPage } from "./auth/LoginPage";
import { EmptyState } from "./common/EmptyState";
import { NotBuilt } from "./common/NotBuilt";
import { RouteError } from "./common/RouteError";
import { strings } from "./common/strings";
import { PhotoPage } from "./photo/PhotoPage";
import { ProcessingPage } from "./processing/ProcessingPage";
import { SetupWizard } from "./setup/SetupWizard";
import { Shell } from "./shell/Shell";
import { strings as shellStrings } from "./shell/strings";
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
          { path: "albums", element: <NotBuilt screen={shellStrings.nav.albums} /> },
          { path: "people", element: <NotBuilt screen={shellStrings.nav.people} /> },
          { path: "map", element: <NotBuilt screen={shellStrings.nav.map} /> },
          { path: "processing", element: <ProcessingPage /> },
          { path: "settings", element: <NotBuilt screen={shellStrings.nav.settings} /> },
          { path: "*", element: <EmptyState title={strings.notFoundTitle}>{strings.notFoundText}</EmptyState> },
        ],
      },
    ],
  },
]);
