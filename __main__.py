from backtofront.cli import main

raise SystemExit(main())
